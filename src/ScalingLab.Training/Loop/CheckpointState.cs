namespace ScalingLab.Training.Loop;

/// <summary>The loop's own state saved next to the weights and optimizer moments.</summary>
public sealed record CheckpointState(
    long Step,
    double TokensSeen,
    double Seconds,
    double GuardAverage,
    double GuardBest,
    long GuardSeen,
    IReadOnlyList<double> RecentLosses,
    double? LastValLoss,
    double? LastValBitsPerByte);
