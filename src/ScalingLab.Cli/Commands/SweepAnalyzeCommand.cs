using System.CommandLine;
using ScalingLab.Allocation;
using ScalingLab.Cli.Rendering;
using ScalingLab.Laws;
using ScalingLab.Reports;
using ScalingLab.Reports.Tables;
using ScalingLab.Sweeps;
using ScalingLab.Training.Runs;
using ScalingLab.Training.Sweeps;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab sweep analyze`: Approaches 1-3 on the sweep's runs, backtested, predicting the target budget.</summary>
public static class SweepAnalyzeCommand
{
    public static Command Create(CliContext ctx)
    {
        var spec = SweepSpecArgument.Create();
        var budget = Options.Budget("Budget to predict (default: the spec's target budget).");
        var bootstrap = Options.Int("--bootstrap", "Bootstrap resamples behind each approach's intervals.", 10, 100_000, 200, "R");
        var seed = Options.Int("--seed", "Seed of the resampling.", 0, int.MaxValue, 0);
        var output = new Option<string>("--out") { Description = "Write Approach 3's law (with its bootstrap samples) for `plan --law FILE`.", HelpName = "law.json" };
        var json = Options.Json();
        var report = ReportOutput.Create("the sweep's report (design, every run's curve, the fit, the prediction and its verification)");
        var cmd = new Command("analyze", """
            Fit the sweep's completed runs three ways (Approach 1: envelope of the training curves;
            2: IsoFLOP parabolas; 3: the parametric law), hold out the largest budget to backtest, and
            predict the target budget's optimal N, D and loss with 95% bootstrap intervals, side by
            side, warning when the approaches disagree beyond their intervals.
            Examples:
              scalinglab sweep analyze sweeps/brown
              scalinglab sweep analyze sweeps/brown --budget 1e15 --out brown-law.json --json
              scalinglab sweep analyze sweeps/brown --report brown.html
            """)
        { spec, budget, bootstrap, seed, output, report, json };
        cmd.SetAction(p =>
        {
            var reportPath = ReportOutput.Target(p, report);
            var (s, folder) = SweepSpecArgument.Load(p.GetValue(spec)!);
            using (SweepLedger.Open(s, folder)) { }
            var target = p.GetValue(budget) ?? new Flops(s.TargetBudget);
            var result = Analyze(ctx, s, folder, target, p.GetValue(bootstrap), p.GetValue(seed), p.GetValue(json));
            if (p.GetValue(output) is { } path)
            {
                if (Laws.LawChecks.Problem(result.Parametric.Parametric!.ToLaw(s.Name, new Laws.Source("sweep analyze", folder, 0))) is { } problem)
                    throw new InputException("output", path, $"Approach 3 found no usable law in this sweep's runs ({problem}), so there is no law to save; --report shows the runs and the other approaches");
                LawCatalog.Save(Fitting.Fitter.ToLawDefinition(result.Parametric, s.Name), path);
            }
            if (p.GetValue(json)) JsonOutput.Write(ctx, SweepAnalysisReport.From(result, p.GetValue(output)));
            else Render(ctx, result, p.GetValue(output));
            if (reportPath is not null)
                ReportOutput.Write(ctx, p, reportPath, origin => SweepReport.Build(SweepSnapshots.Read(s, folder, result), origin), p.GetValue(json));
            return 0;
        });
        return cmd;
    }

    /// <summary>The analysis of a sweep's completed runs at a budget (also what `sweep verify` predicts with).</summary>
    public static SweepAnalysisResult Analyze(CliContext ctx, SweepSpec s, string folder, Flops target, int resamples, int seed, bool quiet)
    {
        var store = Path.Combine(folder, s.Store);
        var finals = StoreRunTable.Read(store, RunPoints.Final, "SPEC");
        // Verification runs record into the same store; the sweep is fitted on its own runs only.
        var ids = s.Runs.Select(r => r.Id).ToHashSet();
        finals = finals.Without(x => !ids.Contains(x.RunId!), "kept the sweep's own runs");
        var curves = StoreRunTable.Read(store, RunPoints.Curves, "SPEC");
        curves = curves.Without(x => !ids.Contains(x.RunId!), "kept the sweep's own runs");
        return ProgressView.Run(ctx, (progress, _) =>
        {
            progress.Report(new Progress.WorkProgress("analyzing", 0, 1, $"Approaches 1-3 on {finals.Points.Count} runs, {resamples} resamples each"));
            var r = SweepAnalysis.Analyze(finals, curves, target, resamples, seed);
            progress.Report(new Progress.WorkProgress("analyzing", 1, 1, "done"));
            return r;
        }, quiet);
    }

    private static void Render(CliContext ctx, SweepAnalysisResult r, string? lawFile)
    {
        var c = ctx.Console;
        var f = r.Parametric.Parametric!;
        c.WriteLine($"Sweep analysis: {r.Runs} completed runs; prediction at {r.Target} FLOPs (95% bootstrap intervals)");
        string Iv(Interval? i, Func<double, string> fmt) => i is { } v ? $"[{fmt(v.Low)}, {fmt(v.High)}]" : "";
        var t = Tables.New("Approach", "Parameters", "interval", "Tokens", "interval", "Loss", "interval");
        foreach (var a in r.Approaches)
        {
            if (a.Skipped is not null) { t.Row(a.Approach, "skipped: " + a.Skipped, "", "", "", "", ""); continue; }
            t.Row(a.Approach, QuantityFormat.Count(a.Parameters!.Value), Iv(a.ParametersInterval, v => QuantityFormat.Count(v)),
                QuantityFormat.Count(a.Tokens!.Value), Iv(a.TokensInterval, v => QuantityFormat.Count(v)),
                a.Loss!.Value.ToString("0.0000"), Iv(a.LossInterval, v => v.ToString("0.0000")));
        }
        c.Write(t);
        c.WriteLine($"Approach 3 law: L = {f.E:0.####} + {f.A:0.###}/N^{f.Alpha:0.####} + {f.B:0.###}/D^{f.Beta:0.####}");
        if (r.Backtest is { } bt)
            foreach (var h in bt.Budgets ?? [])
                c.WriteLine($"Backtest: fitted below {bt.Threshold} FLOPs, the held-out budget {new Flops(h.Flops)} is predicted "
                    // Approach 3 fitted on the smaller budgets alone can be no law (an exponent at or below zero): it then predicts no loss.
                    + (h.MeanAbsLossError is { } mean ? $"with mean |loss error| {mean:0.00%} (max {h.MaxAbsLossError:0.00%})" : "with no loss error: Approach 3 fitted on the smaller budgets is no scaling law")
                    + (h.ObservedOptimalParameters is { } obs && h.PredictedOptimalParameters.Value > 0 ? $"; optimum {h.PredictedOptimalParameters} predicted ({FitTables.MethodName(h.Method)}) vs {obs} observed" : ""));
        else c.WriteLine("Backtest: skipped (it needs 4 budgets with 4+ completed runs each, to hold out the largest and fit 3)");
        foreach (var w in r.Warnings) c.WriteLine("warning: " + w);
        if (lawFile is not null) c.WriteLine($"Law written to {lawFile}");
    }
}
