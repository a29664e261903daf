namespace ScalingLab.Compute;

/// <summary>
/// What `model` answers for a decoder shape: its parameter counts and its training FLOPs per token
/// under every convention, and, when the shape was proposed for a target size, how far it landed.
/// </summary>
public sealed record ModelReport(
    ModelShape Shape,
    double Parameters,
    double NonEmbeddingParameters,
    double KaplanApproximation,
    double EmbeddingParameters,
    IReadOnlyDictionary<FlopConvention, double> FlopsPerToken,
    double? RelativeError)
{
    public static ModelReport Of(ModelShape shape, ShapeProposal? proposal = null) => new(
        shape,
        ParameterCount.Total(shape),
        ParameterCount.NonEmbedding(shape),
        ParameterCount.KaplanApproximation(shape),
        ParameterCount.Embedding(shape),
        FlopConventions.All.ToDictionary(c => c, c => FlopCount.PerToken(shape, c)),
        proposal?.RelativeError);
}
