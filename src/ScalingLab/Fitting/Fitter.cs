using System.Diagnostics;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>Runs what a <see cref="FitRequest"/> asks for on a run table, and turns the result into a law file.</summary>
public static class Fitter
{
    public static FitReport Fit(RunTable table, FitRequest r, IProgress<string>? progress = null)
    {
        if (table.Points.Count == 0) throw new InputException("FILE", table.Source, "no runs left to fit");
        var skipped = new Dictionary<string, string>();
        var only = r.Approaches != Approaches.All;
        T? Try<T>(Approaches which, string name, Func<T> run) where T : class
        {
            if (!r.Approaches.HasFlag(which)) return null;
            try { return run(); }
            catch (InputException e) when (!only) { skipped[name] = e.Allowed; return null; }
        }
        progress?.Report("approach 1 and 2");
        var envelope = Try(Approaches.Envelope, "approach1", () => EnvelopeFit.Fit(table.Points, confidence: r.Confidence));
        var iso = Try(Approaches.IsoFlop, "approach2", () => IsoFlopFit.Fit(table.Points, r.BudgetToleranceDex, confidence: r.Confidence));

        ParametricFitResult? fit = null;
        BootstrapResult? boot = null;
        BacktestResult? backtest = null;
        var sw = Stopwatch.StartNew();
        TimeSpan fitTime = default, bootTime = default;
        if (r.Approaches.HasFlag(Approaches.Parametric))
        {
            progress?.Report($"approach 3: {r.ParametricOptions.StartGrid.Count:N0} L-BFGS starts on {table.Points.Count} points");
            fit = ParametricFit.Fit(table.Points, r.ParametricOptions, r.BudgetToleranceDex);
            fitTime = sw.Elapsed;
            if (r.BootstrapResamples > 0)
            {
                progress?.Report($"bootstrap: {r.BootstrapResamples:N0} resamples");
                sw.Restart();
                boot = Bootstrap.Run(table.Points, fit,
                    new BootstrapOptions(r.BootstrapResamples, r.Seed, r.Confidence, r.Budget),
                    r.ParametricOptions.HuberDelta,
                    progress is null ? null : new CountProgress(k => progress.Report($"bootstrap: {k:N0}/{r.BootstrapResamples:N0}")));
                bootTime = sw.Elapsed;
            }
            if (r.BacktestBudgets > 0)
            {
                progress?.Report($"backtest: holding out the {r.BacktestBudgets} largest budget(s)");
                backtest = Backtest.Run(table.Points, r.BacktestBudgets, r.ParametricOptions, r.BudgetToleranceDex);
            }
        }
        else if (r.BootstrapResamples > 0 || r.BacktestBudgets > 0)
            throw new InputException("approach", "1 or 2", "‹bootstrap› and ‹backtest› refit Approach 3; use ‹approach› 3 or all");
        return new FitReport(table, r, fit, iso, envelope, boot, backtest, skipped, fitTime, bootTime);
    }

    /// <summary>The law file `plan --law` accepts: constants, where they came from, the range fitted, intervals and samples.</summary>
    public static LawDefinition ToLawDefinition(FitReport report, string name)
    {
        var fit = report.Parametric ?? throw new InputException("output", name, "a law file needs Approach 3; use ‹approach› 3 or all");
        var t = report.Table;
        var boot = report.Bootstrap;
        string[] constants = ["E", "A", "B", "alpha", "beta"];
        return new LawDefinition
        {
            Name = name,
            Family = ChinchillaLaw.FamilyName,
            Constants = new() { ["E"] = fit.E, ["A"] = fit.A, ["B"] = fit.B, ["alpha"] = fit.Alpha, ["beta"] = fit.Beta },
            Source = new Source($"ScalingLab fit of {Path.GetFileName(t.Source)}",
                $"Approach 3: Huber delta {report.Request.ParametricOptions.HuberDelta:g3} on log-loss residuals, {fit.Starts:N0}-start L-BFGS, "
                + $"{fit.Points} points, objective {fit.Objective:0.##########e+0}", DateTime.UtcNow.Year),
            FitRange = report.Range,
            Intervals = boot?.Intervals.Where(kv => constants.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            Samples = boot?.Samples.Select(s => new[] { s.E, s.A, s.B, s.Alpha, s.Beta }).ToArray(),
            Notes = string.Join("; ", t.Notes)
                + (boot is null ? "" : $"; {boot.Confidence:0%} bootstrap intervals from {boot.Resamples} resamples (seed {boot.Seed}), samples stored for plan intervals"),
        };
    }

    // Reports on the calling thread (Progress<T> would post to the pool and reorder messages).
    private sealed class CountProgress(Action<int> report) : IProgress<int>
    {
        private int _last;
        public void Report(int value)
        {
            lock (this) { if (value <= _last) return; _last = value; report(value); }
        }
    }
}
