namespace ScalingLab.Training.Loop;

/// <summary>
/// Stops a run whose loss turns NaN/infinite or jumps above <c>factor</c> times its recent average
/// (an exponential moving average, β = 0.9, armed after the first 10 steps). Its state travels in
/// checkpoints so a resumed run judges spikes exactly as the uninterrupted one.
/// </summary>
public sealed class DivergenceGuard(double factor)
{
    private const double Beta = 0.9;
    private const int ArmAfter = 10;

    public double Average { get; private set; } = double.NaN;
    public long Seen { get; private set; }

    public void Restore(double average, long seen)
    {
        Average = average;
        Seen = seen;
    }

    /// <summary>Null if the loss is healthy (and folds it into the average), else why it is not.</summary>
    public string? Check(double loss)
    {
        if (!double.IsFinite(loss)) return $"loss is {loss}";
        if (Seen >= ArmAfter && loss > factor * Average)
            return $"loss {loss:0.####} is {loss / Average:0.#}x its recent average {Average:0.####} (limit {factor:0.##}x)";
        Average = Seen == 0 ? loss : Beta * Average + (1 - Beta) * loss;
        Seen++;
        return null;
    }
}
