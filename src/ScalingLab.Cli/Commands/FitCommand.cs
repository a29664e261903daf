using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ScalingLab.Allocation;
using ScalingLab.Cli.Rendering;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Reports;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab fit`: fit your own law from your runs (Approaches 1-3, bootstrap, backtest, plot, law file).</summary>
public static class FitCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Runs as CSV, TSV or JSONL with columns params/parameters/n/model size, tokens/d (or flops/c/budget/training flop) and loss; optional run id and step. Or training logs: trainer_state.json, TensorBoard event files, W&B exports, folders of runs, any table with --loss-column and the like. Or our own runs: a sweep folder, an experiment store (.db) or a run's metrics.jsonl." };
        var logs = new LogInputOptions();
        var approach = Options.Choice("--approach", "1 (envelope of training curves), 2 (IsoFLOP parabolas), 3 (parametric L = E + A/N^a + B/D^b) or all (default; skips what the data cannot support, saying why).",
            [("1", Approaches.Envelope), ("2", Approaches.IsoFlop), ("3", Approaches.Parametric), ("all", Approaches.All)], Approaches.All);
        var dropTop = Options.Int("--drop-top", "Drop the K highest-loss points first (Besiroglu et al. 2024 drop 5 from the figure-4 data).", 0, 1_000_000, 0, "K");
        var where = new Option<string>("--where") { Description = "Keep only rows where a column has a value: --where dataset=c4.", HelpName = "COLUMN=VALUE" };
        var bootstrap = Options.Int("--bootstrap", "Bootstrap resamples for 95% intervals (0 = none; 1000 take a few seconds, including two full-grid refits that check the resample fits converged).", 0, 1_000_000, 0, "R");
        var seed = Options.Int("--seed", "Seed of the bootstrap's resampling.", 0, int.MaxValue, 0);
        var budget = Options.Budget("Budget for the N_opt/D_opt/loss intervals (default 5.76e23, Chinchilla's).");
        var backtest = Options.Int("--backtest", "Hold out the K largest budgets, fit the rest, report the error on them.", 0, 100, 0, "K");
        var delta = Options.Real("--huber-delta", "Huber delta on log-loss residuals.", 0, 1e6, 1e-3, minExclusive: true);
        var grid = Options.Resolved("--grid", "Start grid, axis=from:to:step per axis (a, b, e, alpha, beta). Default: Hoffmann's 4,500 starts a,b=0:25:5 e=-1:1:0.5 alpha,beta=0:2:0.5.", "AXES", StartGrid.Parse);
        var tolerance = Options.Real("--budget-tolerance", "Half-width in decades (log10) for grouping runs into one budget.", 0, 1, BudgetGroups.DefaultToleranceDex, minExclusive: true);
        var output = new Option<string>("--out") { Description = "Write the fitted law as JSON for `plan --law FILE` (with bootstrap samples when --bootstrap is given).", HelpName = "law.json" };
        var name = new Option<string>("--name") { Description = "Name of the saved law (default: the data file's name)." };
        var plot = new Option<string>("--plot") { Description = "Draw data, IsoFLOP parabolas, the law's IsoFLOP curves and its frontier to PNG or SVG.", HelpName = "fit.png" };
        var json = Options.Json();
        var form = Options.Choice("--form", "chinchilla (default: Approaches 1-3 on N, D, loss) or saturating (E = a (C + d)^-b + c on compute and error columns, Zhai et al. 2022; for vision/CLIP laws).",
            [("chinchilla", FitForm.Chinchilla), ("saturating", FitForm.Saturating)], FitForm.Chinchilla);
        var computeUnit = Options.Choice("--compute-unit", "With --form saturating: gmacs (total forward GMACs, as Cherti et al. 2023) or flops.",
            [("gmacs", ComputeUnit.Gmacs), ("flops", ComputeUnit.Flops)], ComputeUnit.Gmacs);

        var cmd = new Command("fit", """
            Fit a scaling law to your own runs.
              Approach 1: lower envelope of training curves (needs a run id column).
              Approach 2: a parabola of loss in log N per compute budget, then N* = k C^a, D* = k' C^b.
              Approach 3: L = E + A/N^alpha + B/D^beta by Huber loss on log residuals, L-BFGS from
                          every point of a 4,500-start grid (Hoffmann et al. 2022, Besiroglu et al. 2024).
            Examples:
              scalinglab fit runs.csv
              scalinglab fit data/chinchilla-fig4-epoch.csv --drop-top 5 --approach 3 --bootstrap 1000 --out my-law.json
              scalinglab plan --law my-law.json --budget 1e22
              scalinglab fit runs.jsonl --approach 2 --plot fit.png --json
              scalinglab fit clip-runs.csv --form saturating --out clip-law.json   (columns gmacs, error)
            """)
        { file, approach, dropTop, where, bootstrap, seed, budget, backtest, delta, grid, tolerance, output, name, plot, json, form, computeUnit };
        foreach (var o in logs.All) cmd.Add(o);

        cmd.SetAction(p =>
        {
            var paths = p.GetValue(file) ?? [];
            var path = paths.Length == 1 || p.GetValue(form) != FitForm.Saturating ? paths[0]
                : throw new InputException("FILE", paths[1], "--form saturating reads one table of (compute, error) runs");
            if (p.GetValue(form) == FitForm.Saturating)
                return FitSaturating.Run(ctx, p, path, p.GetValue(name), p.GetValue(computeUnit), p.GetValue(output), p.GetValue(json),
                    [approach, dropTop, where, bootstrap, budget, backtest, delta, grid, tolerance, plot]);
            if (p.Given(computeUnit))
                throw new InputException("--compute-unit", p.GetResult(computeUnit)!.Tokens[0].Value, "only with --form saturating");
            var table = paths.Length == 1 && Training.Runs.RunSources.TryRead(paths[0]) is { } ours ? ours : logs.Read(p, paths);
            if (p.GetValue(where) is { } w)
            {
                var kv = w.Split('=', 2);
                if (kv.Length != 2) throw new InputException("--where", w, "expected COLUMN=VALUE");
                table = table.Where(kv[0], kv[1]);
            }
            table = table.DropHighestLoss(p.GetValue(dropTop));
            var request = new FitRequest(
                p.GetValue(approach),
                new ParametricFitOptions(p.GetValue(delta), p.GetValue(grid)),
                p.GetValue(bootstrap),
                p.GetValue(seed),
                p.GetValue(budget),
                0.95,
                p.GetValue(tolerance),
                p.GetValue(backtest));
            var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Err), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
            var report = Fitter.Fit(table, request, new SyncProgress(m => err.WriteLine("... " + m)));

            string? saved = null;
            if (p.GetValue(output) is { } outPath)
            {
                LawCatalog.Save(Fitter.ToLawDefinition(report, p.GetValue(name) ?? Path.GetFileNameWithoutExtension(path)), outPath);
                saved = outPath;
            }
            if (p.GetValue(plot) is { } plotPath)
            {
                FitPlot.Save(report, plotPath);
            }
            if (p.GetValue(json)) JsonOutput.Write(ctx, ToJson(report, saved, p.GetValue(plot)));
            else Render(ctx.Console, report, saved, p.GetValue(plot));
            return 0;
        });
        return cmd;
    }

    // Progress<T> posts to the thread pool; messages must reach stderr in order, so report synchronously.
    private sealed class SyncProgress(Action<string> write) : IProgress<string>
    {
        public void Report(string value) => write(value);
    }

    private static JsonArray Arr(Interval i) => [i.Low, i.High];
    private static JsonArray Arr(double lo, double hi) => [lo, hi];

    public static JsonObject ToJson(FitReport r, string? saved, string? plot)
    {
        var o = new JsonObject
        {
            ["file"] = r.Table.Source,
            ["points"] = r.Table.Points.Count,
            ["notes"] = new JsonArray(r.Table.Notes.Select(n => (JsonNode)n).ToArray()),
        };
        if (r.Parametric is { } f)
        {
            var d = f.Diagnostics;
            var law = f.ToLaw("fit", new Source("fit", "", 0));
            var a3 = new JsonObject
            {
                ["E"] = f.E, ["A"] = f.A, ["B"] = f.B, ["alpha"] = f.Alpha, ["beta"] = f.Beta,
                ["logE"] = f.X[HuberLseObjective.E], ["logA"] = f.X[HuberLseObjective.A], ["logB"] = f.X[HuberLseObjective.B],
                ["a"] = law.ParameterExponent, ["b"] = law.TokenExponent,
                ["objective"] = f.Objective, ["points"] = f.Points, ["huberDelta"] = r.Request.ParametricOptions.HuberDelta,
                ["status"] = f.Status == FitStatus.Converged ? "converged" : "notConverged",
                ["stopReason"] = ParametricDiagnostics.Name(f.Best.Status), ["gradientNorm"] = f.Best.GradientNorm,
                ["starts"] = f.Starts, ["convergedStarts"] = f.ConvergedStarts, ["startsAtOptimum"] = f.StartsAtOptimum,
                ["evaluations"] = f.Evaluations, ["seconds"] = r.ParametricTime.TotalSeconds, ["objectivePath"] = f.ObjectivePath,
                ["diagnostics"] = new JsonObject
                {
                    ["bestStartOnGridEdge"] = d.BestStartEdges.Count > 0,
                    ["bestStartEdges"] = new JsonArray(d.BestStartEdges.Select(e => (JsonNode)e).ToArray()),
                    ["interiorStartsAtOptimum"] = d.InteriorStartsAtOptimum,
                    ["notConvergedStarts"] = d.NotConvergedStarts,
                    ["stopReasons"] = new JsonObject(d.StopReasons.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                    ["pointsPerBudget"] = new JsonArray(d.PointsPerBudget.Select(b => (JsonNode)new JsonObject { ["flops"] = b.Flops, ["points"] = b.Points }).ToArray()),
                    ["hessianEigenvalues"] = new JsonArray(d.HessianEigenvalues.Select(v => (JsonNode)v).ToArray()),
                    ["conditionNumber"] = d.ConditionNumber,
                    ["warnings"] = new JsonArray(d.Warnings.Select(w => (JsonNode)w).ToArray()),
                },
            };
            if (r.Bootstrap is { } b)
            {
                a3["intervals"] = new JsonObject(b.Intervals.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Arr(kv.Value))));
                a3["bootstrap"] = new JsonObject
                {
                    ["resamples"] = b.Resamples, ["seed"] = b.Seed, ["confidence"] = b.Confidence, ["budget"] = b.Budget.Value,
                    ["convergedResamples"] = b.ConvergedResamples, ["maxGradientNorm"] = b.MaxGradientNorm,
                    ["stopReasons"] = new JsonObject(b.StopReasons.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                    ["gridChecks"] = b.GridChecks, ["gridCheckMaxRelativeGap"] = b.GridCheckMaxRelativeGap, ["proven"] = b.Proven,
                    ["seconds"] = r.BootstrapTime.TotalSeconds,
                };
            }
            o["approach3"] = a3;
        }
        if (r.IsoFlop is { } iso)
        {
            o["approach2"] = new JsonObject
            {
                ["a"] = iso.Parameters.Exponent, ["b"] = iso.Tokens.Exponent,
                ["k"] = iso.Parameters.Coefficient, ["kTokens"] = iso.Tokens.Coefficient,
                ["intervals"] = new JsonObject { ["a"] = Arr(iso.Parameters.ExponentInterval), ["b"] = Arr(iso.Tokens.ExponentInterval) },
                ["budgetToleranceDex"] = iso.ToleranceDex,
                ["profiles"] = new JsonArray(iso.Profiles.Select(p => (JsonNode)new JsonObject
                {
                    ["flops"] = p.Flops, ["points"] = p.Points,
                    ["optimalParameters"] = p.OptimalParameters?.Value, ["optimalTokens"] = p.OptimalTokens?.Value,
                    ["minimumLoss"] = p.MinimumLoss?.Value, ["skipped"] = p.Skipped,
                }).ToArray()),
            };
        }
        if (r.Envelope is { } env)
        {
            o["approach1"] = new JsonObject
            {
                ["a"] = env.Parameters.Exponent, ["b"] = env.Tokens.Exponent,
                ["intervals"] = new JsonObject { ["a"] = Arr(env.Parameters.ExponentInterval), ["b"] = Arr(env.Tokens.ExponentInterval) },
                ["runs"] = env.Runs, ["runsOnEnvelope"] = new JsonArray(env.RunsOnEnvelope.Select(x => (JsonNode)x).ToArray()),
            };
        }
        if (r.Backtest is { } bt)
        {
            o["backtest"] = new JsonObject
            {
                ["trainingPoints"] = bt.TrainingPoints, ["heldOutPoints"] = bt.HeldOutPoints, ["threshold"] = bt.Threshold.Value,
                ["meanAbsRelativeLossError"] = bt.MeanAbsRelativeLossError,
                ["fit"] = new JsonObject { ["E"] = bt.Fit.E, ["A"] = bt.Fit.A, ["B"] = bt.Fit.B, ["alpha"] = bt.Fit.Alpha, ["beta"] = bt.Fit.Beta, ["objective"] = bt.Fit.Objective },
                ["budgets"] = new JsonArray(bt.Budgets.Select(h => (JsonNode)new JsonObject
                {
                    ["flops"] = h.Flops, ["points"] = h.Points, ["meanAbsLossError"] = h.MeanAbsLossError, ["maxAbsLossError"] = h.MaxAbsLossError,
                    ["observedOptimalParameters"] = h.ObservedOptimum?.Value, ["predictedOptimalParameters"] = h.PredictedOptimum.Value,
                    ["optimumRatio"] = h.OptimumRatio, ["observedMinimumLoss"] = h.ObservedMinimumLoss?.Value, ["predictedOptimalLoss"] = h.PredictedOptimalLoss.Value,
                }).ToArray()),
            };
        }
        o["skipped"] = new JsonObject(r.Skipped.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        o["lawFile"] = saved;
        o["plot"] = plot;
        return o;
    }

    private static string F(double v, int sig = 4) => QuantityFormat.Significant(v, sig);
    private static string I(Interval i, int sig = 4) => $"[{F(i.Low, sig)}, {F(i.High, sig)}]";

    private static void Render(IAnsiConsole c, FitReport r, string? saved, string? plot)
    {
        c.WriteLine($"Fit: {r.Table.Source}, {r.Table.Points.Count} points");
        foreach (var n in r.Table.Notes) c.WriteLine("  " + n);
        if (r.Parametric is { } f)
        {
            var law = f.ToLaw("fit", new Source("fit", "", 0));
            var b = r.Bootstrap;
            c.WriteLine($"Approach 3: L = E + A/N^alpha + B/D^beta, Huber delta {r.Request.ParametricOptions.HuberDelta:g3}, {f.Starts:N0} starts, {r.ParametricTime.TotalSeconds:0.00} s");
            var t = b is null ? Tables.New("", "Fit") : Tables.New("", "Fit", $"{b.Confidence:0%} interval ({b.Resamples} resamples)");
            string Iv(string k) => b is null ? "" : I(b.Intervals[k]);
            // Without a bootstrap the interval column is left out altogether.
            void Row(string what, string value, string interval)
            {
                if (b is null) t.Row(what, value); else t.Row(what, value, interval);
            }
            Row("E", F(f.E), Iv("E"));
            Row("A", F(f.A), Iv("A"));
            Row("B", F(f.B), Iv("B"));
            Row("alpha", F(f.Alpha), Iv("alpha"));
            Row("beta", F(f.Beta), Iv("beta"));
            Row("a = beta/(alpha+beta)", F(law.ParameterExponent), Iv("a"));
            var at = r.Request.Budget ?? BootstrapOptions.DefaultBudget;
            var opt = ClosedForm.ComputeOptimal(law, at);
            Row($"N_opt at {at}", opt.Parameters.ToString(), b is null ? "" : $"[{new Parameters(b.Intervals["nOpt"].Low)}, {new Parameters(b.Intervals["nOpt"].High)}]");
            Row($"D_opt at {at}", opt.Tokens.ToString(), b is null ? "" : $"[{new Tokens(b.Intervals["dOpt"].Low)}, {new Tokens(b.Intervals["dOpt"].High)}]");
            Row("Tokens per parameter", F(opt.TokensPerParameter, 3), b is null ? "" : I(b.Intervals["tokensPerParameter"], 3));
            Row($"Loss at {at}", opt.Loss.ToString(), Iv("loss"));
            Row("Objective", f.Objective.ToString("0.##########e+0", CultureInfo.InvariantCulture), "");
            c.Write(t);
            var d = f.Diagnostics;
            c.WriteLine($"Status: {(f.Status == FitStatus.Converged ? "converged" : "NOT converged")} ({ParametricDiagnostics.Name(f.Best.Status)}, max|g| {f.Best.GradientNorm:0.0e+0}); "
                + $"{f.StartsAtOptimum:N0} of {f.Starts:N0} starts reached the optimum; {d.NotConvergedStarts} did not converge; "
                + $"Hessian condition {d.ConditionNumber:0.0e+0}; best start on grid edge: {(d.BestStartEdges.Count == 0 ? "no" : string.Join(", ", d.BestStartEdges))} ({d.InteriorStartsAtOptimum} interior starts reached the optimum too)");
            if (b is not null)
                c.WriteLine($"Bootstrap: {b.ConvergedResamples}/{b.Resamples} resamples converged (max|g| {b.MaxGradientNorm:0.0e+0} <= {Bootstrap.ConvergedGradient:0e+0}); "
                    + $"{b.GridChecks} full-grid refits found nothing lower (gap {b.GridCheckMaxRelativeGap:0.0e+0}); {r.BootstrapTime.TotalSeconds:0.00} s");
            var sizes = d.PointsPerBudget.Select(x => x.Points).ToList();
            c.WriteLine($"Points per budget: {sizes.Count} budget groups (tolerance {r.Request.BudgetToleranceDex} dex) of {sizes.Min()} to {sizes.Max()} points (--json lists them)");
            foreach (var w in d.Warnings) c.WriteLine("warning: " + w);
        }
        if (r.IsoFlop is { } iso)
        {
            var used = iso.Profiles.Count(p => p.Used);
            c.WriteLine($"Approach 2: {used} of {iso.Profiles.Count} budget groups (tolerance {iso.ToleranceDex} dex) give a bracketed minimum: "
                + $"N* = {F(iso.Parameters.Coefficient, 3)} C^{F(iso.Parameters.Exponent)} (a in {I(iso.Parameters.ExponentInterval)}), "
                + $"D* = {F(iso.Tokens.Coefficient, 3)} C^{F(iso.Tokens.Exponent)} (b in {I(iso.Tokens.ExponentInterval)})");
        }
        if (r.Envelope is { } env)
            c.WriteLine($"Approach 1: envelope of {env.Runs} training curves, {env.RunsOnEnvelope.Count} runs on it: "
                + $"N* ∝ C^{F(env.Parameters.Exponent)} (a in {I(env.Parameters.ExponentInterval)}), D* ∝ C^{F(env.Tokens.Exponent)}");
        if (r.Backtest is { } bt)
        {
            c.WriteLine($"Backtest: fitted on {bt.TrainingPoints} points below {bt.Threshold} FLOPs, predicted {bt.HeldOutPoints} held-out points with mean |loss error| {bt.MeanAbsRelativeLossError:0.00%}");
            foreach (var h in bt.Budgets)
                c.WriteLine($"  {new Flops(h.Flops)}: loss error mean {h.MeanAbsLossError:0.00%} max {h.MaxAbsLossError:0.00%}; "
                    + (h.ObservedOptimum is { } obs ? $"optimum predicted {h.PredictedOptimum} vs IsoFLOP {obs} (x{h.OptimumRatio:0.00}), loss {h.PredictedOptimalLoss} vs {h.ObservedMinimumLoss}" : "no bracketed IsoFLOP minimum to compare"));
        }
        foreach (var (k, v) in r.Skipped) c.WriteLine($"skipped {k}: {v}");
        if (saved is not null) c.WriteLine($"Law written to {saved} (use: scalinglab plan --law {saved} --budget 1e22)");
        if (plot is not null) c.WriteLine($"Plot written to {plot}");
    }
}
