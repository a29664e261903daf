using ScalingLab.Units;

namespace ScalingLab.Compute;

/// <summary>
/// The family a plan proposes shapes from: vocabulary, context length and width/depth ratio. The
/// same family turns shape-dependent FLOP conventions into a function of N (<see cref="ShapeFamily"/>)
/// and proposes the concrete shape (<see cref="ShapeSearch"/>).
/// </summary>
public sealed record ShapeOptions(int Vocab = 32000, int Context = 2048, double AspectRatio = ShapeSearch.DefaultAspectRatio)
{
    public ShapeFamily Family => new(Vocab, Context, AspectRatio);

    public ShapeRequest For(Parameters target) => new(target, Vocab, Context, AspectRatio);

    public ShapeOptions Validated()
    {
        InputChecks.Range(Vocab, "vocab", 1, 10_000_000);
        InputChecks.Range(Context, "context", 1, 10_000_000);
        if (!(AspectRatio > 0 && double.IsFinite(AspectRatio)))
            throw new InputException("aspectRatio", QuantityFormat.Raw(AspectRatio), "expected a positive width/depth ratio such as 128");
        return this;
    }
}
