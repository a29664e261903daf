namespace ScalingLab.Training.Loop;

/// <summary>
/// Stops a run whose loss turns NaN/infinite or rises above <c>factor</c> times the lowest value its
/// moving average (β = 0.9) has reached, armed after the first 10 steps. Measuring against the best
/// average rather than the current one also catches a slow blow-up, whose average climbs with it.
/// Its state travels in checkpoints so a resumed run judges exactly as the uninterrupted one.
/// </summary>
public sealed class DivergenceGuard(double factor)
{
    private const double Beta = 0.9;
    private const int ArmAfter = 10;

    public double Average { get; private set; } = double.NaN;
    public double Best { get; private set; } = double.PositiveInfinity;
    public long Seen { get; private set; }

    public void Restore(double average, double best, long seen)
    {
        Average = average;
        Best = best;
        Seen = seen;
    }

    /// <summary>Null if the loss is healthy (and folds it into the average), else why it is not.</summary>
    public string? Check(double loss)
    {
        if (!double.IsFinite(loss)) return $"loss is {loss}";
        if (Seen >= ArmAfter && loss > factor * Best)
            return $"loss {loss:0.####} is {loss / Best:0.#}x the best recent average {Best:0.####} (limit {factor:0.##}x)";
        Average = Seen == 0 ? loss : Beta * Average + (1 - Beta) * loss;
        Seen++;
        if (Seen >= ArmAfter) Best = Math.Min(Best, Average);
        return null;
    }
}
