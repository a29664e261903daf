namespace ScalingLab.Sweeps;

/// <summary>
/// A running sweep as an executor reports it: every run's state (and, while it trains, the share of
/// its tokens done), the estimated seconds left for the whole sweep, and what just happened (a run
/// started, finished, was resubmitted), for a log line.
/// </summary>
public sealed record SweepProgress(IReadOnlyList<SweepRunProgress> Runs, double EtaSeconds, string? Event = null)
{
    public int Count(SweepRunState s) => Runs.Count(r => r.State == s);
}

public sealed record SweepRunProgress(string Id, SweepRunState State, double Fraction, double? FinalValLoss, string? Where);
