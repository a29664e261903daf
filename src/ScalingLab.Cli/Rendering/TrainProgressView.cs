using ScalingLab.Training.Loop;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>
/// Shows a run's progress: a live Spectre.Console bar on a terminal, otherwise one line per
/// validation pass (so logs and pipes stay readable); nothing at all under --json.
/// Ctrl+C stops the run at the next step; its last checkpoint is kept for --resume.
/// </summary>
public static class TrainProgressView
{
    public static TrainResult Run(CliContext ctx, RunRequest request, bool quiet)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (quiet || !ctx.Console.Profile.Capabilities.Ansi)
                return Trainer.Run(request, quiet ? null : Lines(ctx), cancel.Token);
            TrainResult? result = null;
            ctx.Console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(c =>
                {
                    var task = c.AddTask("starting", maxValue: 1);
                    result = Trainer.Run(request, p =>
                    {
                        task.MaxValue = p.Steps;
                        task.Value = p.Step;
                        task.Description = Markup.Escape(Describe(p));
                    }, cancel.Token);
                });
            return result!;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static Action<TrainProgress> Lines(CliContext ctx)
    {
        double? lastVal = null;
        long lastStep = 0;
        return p =>
        {
            // A line whenever a validation pass lands, plus the final step.
            if (p.ValLoss == lastVal && p.Step != p.Steps) return;
            if (p.Step == lastStep) return;
            lastVal = p.ValLoss;
            lastStep = p.Step;
            ctx.Console.WriteLine($"step {p.Step}/{p.Steps}  {Describe(p)}  ETA {p.Eta:hh\\:mm\\:ss}");
        };
    }

    private static string Describe(TrainProgress p) =>
        $"loss {p.TrainLoss:0.000}" + (p.ValLoss is { } v ? $" val {v:0.000}" : "") +
        $"  {p.TokensPerSecond:N0} tok/s  {QuantityFormat.Scientific(p.FlopsPerSecond, 3)} FLOP/s  MFU {p.Mfu:P0}  lr {p.LearningRate:0.0e0}";
}
