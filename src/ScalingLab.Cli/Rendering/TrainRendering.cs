using ScalingLab.Hardware;
using ScalingLab.Reports.Tables;
using ScalingLab.Training.Loop;
using ScalingLab.Units;

namespace ScalingLab.Cli.Rendering;

/// <summary>The tables of `train`: the run's plan with where each value came from, and how the run ended.</summary>
public static class TrainRendering
{
    public static void RunPlan(CliContext ctx, RunManifest m, string folder, bool? continues = null)
    {
        var o = m.Options;
        var s = o.Shape;
        var t = Tables.New("Run plan", "Value", "From");
        t.Row("Model", $"{Parameters(s)}: {Shape(s)}", ctx.Flags.Expand(m.Origins.Shape));
        t.Row("Tokens", $"{o.Tokens} ({o.ScheduledTokens:N0} in whole batches)", ctx.Flags.Expand(m.Origins.Tokens));
        t.Row("Peak learning rate", ScheduleText.Rate(o.LearningRate.Peak), ctx.Flags.Expand(m.Origins.LearningRate));
        t.Row("Batch", ScheduleText.Batch(o.BatchSequences, s.Context), ctx.Flags.Expand(m.Origins.Batch));
        t.Row("Steps", ScheduleText.Steps(o.LearningRate), ctx.Flags.Expand(m.Origins.Warmup));
        t.Row("Decay", ScheduleText.Decay(o.LearningRate), ctx.Flags.Expand(m.Origins.Decay));
        t.Row("Run folder", Path.GetFullPath(folder), continues ?? RunManifest.Exists(folder) ? "continues the run recorded there" : "new run");
        ctx.Console.Write(t);
    }

    public static void Result(CliContext ctx, TrainResult r)
    {
        var s = r.Shape;
        var t = Tables.New("Run", "Value");
        t.Row("Status", r.Status == RunStatus.Completed ? "completed" : ctx.Flags.Expand(r.Message));
        t.Row("Model", $"{r.Parameters:N0} parameters: {Shape(s)}");
        t.Row("Tokens", $"{r.Tokens:N0} of {(double)r.PlannedSteps * r.BatchSequences * s.Context:N0} ({r.Steps:N0} of {r.PlannedSteps:N0} steps)");
        t.Row("Final train loss", double.IsFinite(r.FinalTrainLoss) ? $"{r.FinalTrainLoss:0.0000} nats/token" : "none (no step trained)");
        t.Row("Final validation loss", double.IsFinite(r.FinalValLoss)
            ? $"{r.FinalValLoss:0.0000} nats/token, {r.ValBitsPerByte:0.0000} bits/byte" : "none yet (no validation pass)");
        t.Row("Time", $"{r.Seconds:0.0} s, {r.TokensPerSecond:N0} tokens/s ({r.Precision.Key()})");
        t.Row("Run folder", r.RunFolder);
        if (r.Plot is { } plot) t.Row("Loss curve", plot);
        t.Row("Experiment store", r.Store);
        ctx.Console.Write(t);
    }

    private static string Parameters(Compute.ModelShape s) => $"{Compute.ParameterCount.Total(s):N0} parameters";

    private static string Shape(Compute.ModelShape s) =>
        $"{s.Layers} layer{(s.Layers == 1 ? "" : "s")}, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim}, vocab {s.Vocab}, context {s.Context}";
}
