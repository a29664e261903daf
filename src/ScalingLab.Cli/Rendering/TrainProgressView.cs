using ScalingLab.Progress;
using ScalingLab.Training.Loop;
using ScalingLab.Units;

namespace ScalingLab.Cli.Rendering;

/// <summary>
/// A run's progress through <see cref="ProgressView"/> on stderr: a live bar with step, loss,
/// tokens/s, MFU and ETA on a terminal, plain lines in a pipe or a log, nothing under --json. The
/// CLI's cancellation token (SIGINT or SIGTERM) stops the run at the next step.
/// </summary>
public static class TrainProgressView
{
    public static TrainResult Run(CliContext ctx, TrainingSession session, bool quiet) =>
        ProgressView.Run(ctx, (progress, cancel) => session.Train(p => progress.Report(Work(p)), cancel), quiet);

    private static WorkProgress Work(TrainProgress p) => new("train", p.Step, p.Steps, Describe(p));

    private static string Describe(TrainProgress p) =>
        $"loss {p.TrainLoss:0.000}" + (p.ValLoss is { } v ? $" val {v:0.000}" : "") +
        $"  {p.TokensPerSecond:N0} tok/s  {QuantityFormat.Scientific(p.FlopsPerSecond, 3)} FLOP/s  MFU {p.Mfu:P0}  lr {p.LearningRate:0.0e0}  ETA {p.Eta:hh\\:mm\\:ss}";
}
