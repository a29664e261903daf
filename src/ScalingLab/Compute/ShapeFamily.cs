namespace ScalingLab.Compute;

/// <summary>
/// A continuous family of shapes indexed by total parameters: width/depth ratio fixed, head size
/// 64, MLP 4d. The allocator uses it to turn a FLOP convention that depends on the shape
/// (exact, Kaplan, DeepSeek M) into a smooth FLOPs-per-token function of N.
/// </summary>
public sealed record ShapeFamily(int Vocab = 32000, int Context = 2048, double AspectRatio = ShapeSearch.DefaultAspectRatio)
{
    /// <summary>Training FLOPs per token for a model of N total parameters under the convention.</summary>
    public double FlopsPerToken(double parameters, FlopConvention convention) =>
        convention == FlopConvention.SixN ? 6 * parameters : FlopCount.PerToken(DimsFor(parameters), convention);

    internal ShapeDims DimsFor(double parameters)
    {
        // Total parameters grow monotonically with width: bisect on log d.
        double lo = Math.Log(1e-3), hi = Math.Log(1e7);
        for (var i = 0; i < 200 && hi - lo > 1e-14; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (ParameterCount.Total(Dims(Math.Exp(mid))) < parameters) lo = mid; else hi = mid;
        }
        return Dims(Math.Exp(0.5 * (lo + hi)));
    }

    private ShapeDims Dims(double d) =>
        new(d / AspectRatio, d, d / 64, 64, 4 * d, Vocab, Context, Tied: true, LearnedPositions: true, MlpMatrices: 2, Biases: true);
}
