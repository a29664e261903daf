namespace ScalingLab.Sweeps;

/// <summary>Where a sweep run stands.</summary>
public enum SweepRunState { Pending, Running, Interrupted, Completed, Failed }

/// <summary>
/// One run's state as the sweep folder and the store record it: the final and best validation loss
/// when completed, the seconds trained, the parameters and tokens the trainer recorded, the
/// launches so far and the last message (why it failed, where it runs).
/// </summary>
public sealed record SweepRunStatus(
    string Id, SweepRunState State, double? FinalValLoss = null, double? BestValLoss = null, double? Seconds = null,
    double? Parameters = null, double? Tokens = null, int Attempts = 0, string? Message = null, string? StoreRunId = null);
