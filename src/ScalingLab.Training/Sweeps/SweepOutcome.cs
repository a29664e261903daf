using ScalingLab.Sweeps;

namespace ScalingLab.Training.Sweeps;

/// <summary>How a `sweep run` ended: every run's status, and whether it was stopped before finishing.</summary>
public sealed record SweepOutcome(IReadOnlyList<SweepRunStatus> Runs, bool Stopped, int Launched, double Seconds)
{
    public bool AllCompleted => Runs.All(r => r.State == SweepRunState.Completed);
}
