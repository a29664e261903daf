namespace ScalingLab.Compute;

/// <summary>
/// Parameter counts of a <see cref="ModelShape"/>. Total counts every tensor the trainer
/// creates (checked against GPT-2 small: 124,439,808); non-embedding drops the token and
/// position embeddings and an untied output head, as Kaplan et al. (2020) count N.
/// </summary>
public static class ParameterCount
{
    public static double Total(ModelShape s) => Total(ShapeDims.Of(s));

    /// <summary>Everything except token/position embeddings and the untied unembedding.</summary>
    public static double NonEmbedding(ModelShape s) => NonEmbedding(ShapeDims.Of(s));

    /// <summary>Kaplan et al.'s approximation 12·L·d² (d_attn = d, d_ff = 4d, no biases or norms).</summary>
    public static double KaplanApproximation(ModelShape s) => 12.0 * s.Layers * (double)s.DModel * s.DModel;

    /// <summary>Token embeddings plus learned positions.</summary>
    public static double Embedding(ModelShape s) => Embedding(ShapeDims.Of(s));

    internal static double Total(ShapeDims s) =>
        Embedding(s) + NonEmbedding(s) + (s.Tied ? 0 : s.Vocab * s.DModel);

    internal static double NonEmbedding(ShapeDims s) => s.Layers * PerLayer(s) + Norm(s);

    internal static double Embedding(ShapeDims s) => s.Vocab * s.DModel + (s.LearnedPositions ? s.Context * s.DModel : 0);

    private static double PerLayer(ShapeDims s)
    {
        double d = s.DModel, a = s.AttentionDim, f = s.Ffn;
        var b = s.Biases ? 1.0 : 0.0;
        var attention = d * 3 * a + b * 3 * a + a * d + b * d;
        var mlp = s.MlpMatrices * d * f + b * ((s.MlpMatrices - 1) * f + d);
        return attention + mlp + 2 * Norm(s);
    }

    // LayerNorm has a gain and (with biases) a shift.
    private static double Norm(ShapeDims s) => s.Biases ? 2.0 * s.DModel : s.DModel;
}
