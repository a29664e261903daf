namespace ScalingLab.Sweeps;

/// <summary>How the local executor spreads runs over the cores.</summary>
public enum ExecutionMode
{
    /// <summary>One run at a time on every core.</summary>
    OneRunAllCores,
    /// <summary>As many runs at once as cores, one thread each.</summary>
    OneRunPerCore,
}

/// <summary>
/// Wall time of a run on this machine, from a calibration: the start-up seconds of a `train`
/// process, and the exact-count FLOP/s one run reached at two shapes in each execution mode,
/// interpolated in log FLOPs-per-token between them (and held at the measured rate outside).
/// Validation passes are charged at a third of a training token each (a forward pass only).
/// </summary>
public sealed record ThroughputModel(double StartupSeconds, IReadOnlyList<CalibrationPoint> Points, int Cores)
{
    /// <summary>Tokens of the validation split each pass reads (TrainOptions.EvalTokens).</summary>
    public const double EvalTokens = 65_536;

    public static ThroughputModel From(SweepCalibration c) => new(c.StartupSeconds, c.Points, c.Cores);

    /// <summary>A model with one fixed rate, for designs made without a measurement (tests, previews).</summary>
    public static ThroughputModel Fixed(double flopsPerSecondPerRun, int cores, double startupSeconds = 2) =>
        new(startupSeconds,
        [
            new CalibrationPoint { FlopsPerToken = 1, Mode = nameof(ExecutionMode.OneRunAllCores), Threads = cores, Concurrent = 1, FlopsPerSecondPerRun = flopsPerSecondPerRun },
            new CalibrationPoint { FlopsPerToken = 1, Mode = nameof(ExecutionMode.OneRunPerCore), Threads = 1, Concurrent = cores, FlopsPerSecondPerRun = flopsPerSecondPerRun / cores },
        ], cores);

    public int Concurrency(ExecutionMode mode) => mode == ExecutionMode.OneRunAllCores ? 1 : Cores;

    /// <summary>FLOP/s one run reaches at this FLOPs-per-token in this mode.</summary>
    public double FlopsPerSecond(double flopsPerToken, ExecutionMode mode)
    {
        var pts = Points.Where(p => p.Mode == mode.ToString()).OrderBy(p => p.FlopsPerToken).ToList();
        if (pts.Count == 0) throw new InvalidOperationException($"no calibration for {mode}");
        if (pts.Count == 1 || flopsPerToken <= pts[0].FlopsPerToken) return pts[0].FlopsPerSecondPerRun;
        if (flopsPerToken >= pts[^1].FlopsPerToken) return pts[^1].FlopsPerSecondPerRun;
        var i = pts.FindIndex(p => p.FlopsPerToken >= flopsPerToken);
        var (a, b) = (pts[i - 1], pts[i]);
        var t = Math.Log(flopsPerToken / a.FlopsPerToken) / Math.Log(b.FlopsPerToken / a.FlopsPerToken);
        return Math.Exp(Math.Log(a.FlopsPerSecondPerRun) + t * Math.Log(b.FlopsPerSecondPerRun / a.FlopsPerSecondPerRun));
    }

    /// <summary>Seconds for one run: start-up, training tokens and its validation passes.</summary>
    public double RunSeconds(double exactFlopsPerToken, double tokens, int evalPasses, ExecutionMode mode) =>
        StartupSeconds + exactFlopsPerToken * (tokens + evalPasses * EvalTokens / 3) / FlopsPerSecond(exactFlopsPerToken, mode);

    /// <summary>Wall time of runs on <paramref name="slots"/> workers, longest first to the first free worker.</summary>
    public static double Makespan(IEnumerable<double> runSeconds, int slots)
    {
        var free = new PriorityQueue<int, double>();
        for (var i = 0; i < Math.Max(1, slots); i++) free.Enqueue(i, 0);
        var end = 0.0;
        foreach (var s in runSeconds.OrderByDescending(s => s))
        {
            free.TryDequeue(out var w, out var t);
            end = Math.Max(end, t + s);
            free.Enqueue(w, t + s);
        }
        return end;
    }
}
