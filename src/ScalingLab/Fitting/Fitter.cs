using ScalingLab.Laws;
using ScalingLab.Progress;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>Runs what a <see cref="FitRequest"/> asks for on a run table, and turns the result into a law file.</summary>
public static class Fitter
{
    /// <summary>
    /// Runs the approaches asked for, then the bootstrap and the backtest. Progress goes to
    /// <paramref name="progress"/> by stage; <paramref name="cancel"/> stops the long loops (the
    /// Approach-3 starts, the resamples) at once with an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static FitReport Fit(RunTable table, FitRequest r, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        if (table.Points.Count == 0) throw new InputException("file", table.Source, "no runs left to fit");
        var skipped = new Dictionary<string, string>();
        var only = r.Approaches != Approaches.All;
        T? Try<T>(Approaches which, string name, Func<T> run) where T : class
        {
            if (!r.Approaches.HasFlag(which)) return null;
            cancel.ThrowIfCancellationRequested();
            try { return run(); }
            catch (InputException e) when (!only) { skipped[name] = e.Allowed; return null; }
        }
        var envelope = Try(Approaches.Envelope, "approach1", () => EnvelopeFit.Fit(table.Points, confidence: r.Confidence));
        var iso = Try(Approaches.IsoFlop, "approach2", () => IsoFlopFit.Fit(table.Points, r.BudgetToleranceDex, confidence: r.Confidence));
        if (r.BootstrapResamples > 0 && !r.Approaches.HasFlag(Approaches.Parametric) && !r.Backtests)
            throw new InputException("approach", r.Approaches == Approaches.Envelope ? "1" : "2", "‹bootstrap› refits Approach 3 (or gives a backtest its intervals); use ‹approach› 3 or all, or add ‹backtest›");
        if (r.Backtests && r.BacktestMethods.Count == 0)
            throw new InputException("approach", "1", "‹backtest› compares Approaches 2 and 3; use ‹approach› 2, 3 or all");
        ParametricFitResult? fit = null;
        if (r.Approaches.HasFlag(Approaches.Parametric))
        {
            fit = ParametricFit.Fit(table.Points, r.ParametricOptions, r.BudgetToleranceDex, progress, cancel);
            // A fit that is not a law (loss rising with N, an optimum that overflows) is refused here, before anything shows or writes it.
            if (LawChecks.Problem(fit.ToLaw(Path.GetFileNameWithoutExtension(table.Source), new Source("fit", table.Source, 0))) is { } problem)
                throw new InputException("file", table.Source, $"Approach 3 found no usable law in these runs: {problem}. Check that loss falls with model size at each budget (approach 2's profiles show it), or drop the runs that break it");
            if (r.BootstrapResamples > 0)
                fit = fit with
                {
                    Bootstrap = Bootstrap.Run(table.Points, fit, new BootstrapOptions(r.BootstrapResamples, r.Seed, r.Confidence, r.Budget),
                        r.ParametricOptions.HuberDelta, progress, cancel),
                };
        }
        var backtest = r.Backtests
            ? Backtest.Run(table.Points, new BacktestRequest(r.BacktestBudgets, r.BacktestLeaveOneOut, r.BacktestMethods, r.ParametricOptions,
                r.BudgetToleranceDex, Resamples: r.BootstrapResamples, Seed: r.Seed, Confidence: r.Confidence), progress, cancel)
            : null;
        return new FitReport(table, r, fit, iso, envelope, backtest, skipped);
    }

    /// <summary>The law file `plan --law` accepts: constants, where they came from, the range fitted, intervals and samples.</summary>
    public static LawDefinition ToLawDefinition(FitReport report, string name)
    {
        var fit = report.Parametric ?? throw new InputException("output", name, "a law file needs Approach 3; use ‹approach› 3 or all");
        var t = report.Table;
        var boot = report.Bootstrap;
        return new LawDefinition
        {
            Name = name,
            Family = ChinchillaLaw.FamilyName,
            Constants = new() { ["E"] = fit.E, ["A"] = fit.A, ["B"] = fit.B, ["alpha"] = fit.Alpha, ["beta"] = fit.Beta },
            Source = new Source($"ScalingLab fit of {Path.GetFileName(t.Source)}",
                $"Approach 3: Huber delta {report.Request.ParametricOptions.HuberDelta:g3} on log-loss residuals, {fit.Starts:N0}-start L-BFGS, "
                + $"{fit.Points} points, objective {fit.Objective:0.##########e+0}", DateTime.UtcNow.Year),
            FitRange = report.Range,
            Intervals = boot?.Intervals.Constants(),
            Samples = boot?.Samples.Select(s => new[] { s.E, s.A, s.B, s.Alpha, s.Beta }).ToArray(),
            Notes = string.Join("; ", t.Notes)
                + (boot is null ? "" : $"; {boot.Confidence:0%} bootstrap intervals from {boot.Resamples} resamples (seed {boot.Seed}), samples stored for plan intervals"),
        };
    }
}
