using ScalingLab.Training.Store;

namespace ScalingLab.Training.Loop;

/// <summary>A run to train: its folder, its manifest (a new one, or read back from run.json) and the FLOP/s MFU is measured against (null: measured at start-up).</summary>
public sealed record RunRequest(string RunFolder, RunManifest Manifest, double? PeakFlopsPerSecond = null);

/// <summary>
/// The training loop: AdamW with decoupled weight decay, the run's learning-rate schedule, gradient
/// clipping, periodic validation, atomic checkpoints, metrics to JSONL and SQLite, and a divergence
/// guard. Deterministic: data order and initial weights are functions of the seed, so a resumed run
/// ends exactly where the uninterrupted one would. <see cref="TrainingSession"/> holds the steps.
/// </summary>
public static class Trainer
{
    /// <summary>Opens the run (see <see cref="TrainingSession.Open"/>) and trains it to its last step, a divergence or cancellation.</summary>
    public static TrainResult Run(RunRequest request, Action<TrainProgress>? progress = null, CancellationToken cancel = default, Action<string>? notice = null)
    {
        using var session = TrainingSession.Open(request, notice);
        return session.Train(progress, cancel);
    }

    /// <summary>The metrics a run has logged so far (for its loss curve).</summary>
    public static IReadOnlyList<MetricPoint> Metrics(string runFolder) => new MetricsLog(runFolder).Read();
}
