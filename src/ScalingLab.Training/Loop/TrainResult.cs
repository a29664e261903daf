using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>How a run ended.</summary>
public enum RunStatus { Completed, Diverged, Interrupted }

/// <summary>
/// The outcome of a run (or of the part of it this process trained), with what it trained: the
/// record `train --json` prints. Losses a run never reached (a run stopped before its first
/// validation pass) are NaN, written as null.
/// </summary>
/// <param name="Steps">Updates done so far.</param>
/// <param name="Tokens">Tokens trained on so far.</param>
/// <param name="PlannedTokens">The tokens the run was planned for; <paramref name="PlannedSteps"/> cover them in whole batches.</param>
public sealed record TrainResult(
    RunStatus Status,
    string Message,
    long Parameters,
    long Steps,
    long PlannedSteps,
    double Tokens,
    Tokens PlannedTokens,
    double FinalTrainLoss,
    double FinalValLoss,
    double ValBitsPerByte,
    double Seconds,
    double TokensPerSecond,
    long? LastCheckpointStep,
    ModelShape Shape,
    Precision Precision,
    double PeakLearningRate,
    int BatchSequences,
    string RunFolder,
    string Store)
{
    /// <summary>The loss-curve image, once one is drawn.</summary>
    public string? Plot { get; init; }
}

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
