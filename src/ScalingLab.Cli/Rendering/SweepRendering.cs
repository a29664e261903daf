using ScalingLab.Compute;
using ScalingLab.Sweeps;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>Tables and JSON records of the sweep verbs' answers.</summary>
public static class SweepRendering
{
    /// <summary>`sweep design --json`: runs (id, flops, parameters, tokens, ...), estimatedSeconds, budgets, the simulation and the calibration.</summary>
    public static object DesignJson(SweepDesign d, SweepSpec spec, string folder, string plot) => new
    {
        folder,
        spec = SweepSpecFile.PathOf(folder),
        plot,
        targetBudget = d.Request.Target.Value,
        law = d.Request.LawName,
        flopConvention = d.Request.Convention,
        budgets = d.Budgets,
        priorOptimalParameters = d.PriorOptima,
        totalFlops = d.TotalFlops,
        estimatedSeconds = d.EstimatedSeconds,
        executionMode = d.Mode,
        parallel = spec.Executor.Local.Parallel,
        threadsPerRun = spec.Executor.Local.ThreadsPerRun,
        runs = d.Runs.Select(r => new
        {
            id = r.Id, budget = r.Budget, flops = r.Flops, parameters = r.Parameters, tokens = r.Tokens,
            layers = r.Shape.Layers, dModel = r.Shape.DModel, heads = r.Shape.Heads, steps = r.Steps, batch = r.BatchSequences,
            learningRate = r.LearningRate, seed = r.Seed, estimatedSeconds = r.EstimatedSeconds,
            train = spec.Runs.First(x => x.Id == r.Id).Train,
        }),
        simulation = d.Simulation,
        calibration = spec.Calibration,
        notes = d.Notes,
    };

    public static void Design(CliContext ctx, SweepDesign d, SweepSpec spec, string folder, string plot)
    {
        var c = ctx.Console;
        var r = d.Request;
        c.WriteLine($"Sweep design for a target of {r.Target} FLOPs under {r.LawName} ({r.Convention.Name()} FLOPs), data {r.Data}");
        var t = Tables.New("Run", "Budget", "Parameters", "Shape", "Tokens", "Tok/param", "Steps x batch", "LR", "Est. time");
        foreach (var x in d.Runs)
            t.Row(x.Id, QuantityFormat.Scientific(x.Budget, 3), QuantityFormat.Count(x.Parameters), $"{x.Shape.Layers} x {x.Shape.DModel}",
                QuantityFormat.Count(x.Tokens), (x.Tokens / x.Parameters).ToString("0.#"), $"{x.Steps:N0} x {x.BatchSequences}",
                x.LearningRate.ToString("0.00e0"), QuantityFormat.Duration(x.EstimatedSeconds));
        c.Write(t);
        c.WriteLine($"Budgets: {string.Join(", ", d.Budgets.Select(b => QuantityFormat.Scientific(b, 3)))} FLOPs; {d.Runs.Count} runs, {QuantityFormat.Scientific(d.TotalFlops, 3)} FLOPs in all");
        c.WriteLine($"Prior optimum per budget: {string.Join(", ", d.PriorOptima.Select(n => QuantityFormat.Count(n)))} parameters (sizes span ±{r.WidthDex} decades around it)");
        var mode = d.Mode == ExecutionMode.OneRunPerCore
            ? $"{spec.Executor.Local.Parallel} runs at once x {spec.Executor.Local.ThreadsPerRun} thread"
            : $"1 run at a time x {spec.Executor.Local.ThreadsPerRun} threads";
        c.WriteLine($"Estimated wall time: {QuantityFormat.Duration(d.EstimatedSeconds)} on this machine ({mode}; "
            + (spec.Calibration is { } cal ? $"calibrated: {cal.Reason}" : "assumed throughput, not measured") + ")");
        var s = d.Simulation;
        c.WriteLine($"Expected precision at {r.Target} FLOPs ({s.Replicates} simulated sweeps, {s.NoiseModel}):");
        c.WriteLine($"  optimal N {QuantityFormat.Count(s.TrueParameters)} under the prior; predicted within [{QuantityFormat.Count(s.ParametersInterval[0])}, {QuantityFormat.Count(s.ParametersInterval[1])}] (x/÷{1 + s.ParametersSpread:0.00})");
        c.WriteLine($"  loss {s.TrueLoss:0.0000} under the prior; predicted within [{s.LossInterval[0]:0.0000}, {s.LossInterval[1]:0.0000}] (±{s.LossSpread:0.0%})");
        foreach (var n in d.Notes) c.WriteLine("note: " + n);
        c.WriteLine($"Sweep folder: {Path.GetFullPath(folder)} (edit {SweepSpec.FileName}, then `scalinglab sweep run {folder}`)");
        c.WriteLine($"Design plot: {Path.GetFullPath(plot)}");
    }

    public static string State(SweepRunState s) => s.ToString().ToLowerInvariant();
}
