namespace ScalingLab.Training.Loop;

/// <summary>How a run ended.</summary>
public enum RunStatus { Completed, Diverged, Interrupted }

/// <summary>The outcome of a run (or of the part of it this process trained).</summary>
public sealed record TrainResult(
    RunStatus Status,
    string Message,
    long Parameters,
    long Steps,
    double TokensSeen,
    double FinalTrainLoss,
    double FinalValLoss,
    double FinalValBitsPerByte,
    double Seconds,
    double TokensPerSecond,
    long? LastCheckpointStep);

/// <summary>One line of metrics.jsonl and one row of the store's metrics table.</summary>
public sealed record MetricPoint(
    long Step,
    double Tokens,
    double TrainLoss,
    double LearningRate,
    double TokensPerSecond,
    double Seconds,
    double? ValLoss = null,
    double? ValBitsPerByte = null);

/// <summary>What the progress display shows after each step.</summary>
public sealed record TrainProgress(
    long Step,
    long Steps,
    double TokensSeen,
    double TotalTokens,
    double TrainLoss,
    double? ValLoss,
    double LearningRate,
    double TokensPerSecond,
    double FlopsPerSecond,
    double Mfu,
    TimeSpan Eta);
