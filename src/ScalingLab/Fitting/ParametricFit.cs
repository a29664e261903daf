using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>How a fit ended, in one word for scripts, with what it means.</summary>
public enum FitStatus { Converged, NotConverged }

/// <summary>
/// The result of Approach 3: the constants, the objective reached, and how the multi-start search went.
/// X holds the optimiser's parameters (a, b, e, α, β) = (ln A, ln B, ln E, α, β).
/// </summary>
public sealed record ParametricFitResult(
    double[] X, double Objective, int Points, FitStatus Status, LbfgsResult Best, int BestStart,
    int Starts, int ConvergedStarts, int StartsAtOptimum, long Evaluations, string ObjectivePath,
    ParametricDiagnostics Diagnostics)
{
    public double E => Math.Exp(X[HuberLseObjective.E]);
    public double A => Math.Exp(X[HuberLseObjective.A]);
    public double B => Math.Exp(X[HuberLseObjective.B]);
    public double Alpha => X[HuberLseObjective.Alpha];
    public double Beta => X[HuberLseObjective.Beta];

    public ChinchillaLaw ToLaw(string name, Source source, FitRange? range = null,
        IReadOnlyDictionary<string, (double Low, double High)>? intervals = null) =>
        new(name, E, A, B, Alpha, Beta, source, range, intervals);
}

/// <summary>
/// Approach 3 of Hoffmann et al. 2022 as Besiroglu et al. 2024 redo it: minimise the summed
/// Huber loss of log-space residuals of the log-sum-exp form with L-BFGS from every start of the
/// grid (in parallel), keep the lowest objective.
/// </summary>
public static class ParametricFit
{
    // Starts whose objective is within this relative distance of the best count as "at the optimum".
    private const double SameOptimumRelative = 1e-6;

    public static ParametricFitResult Fit(IReadOnlyList<RunPoint> points, ParametricFitOptions? options = null,
        double budgetToleranceDex = BudgetGroups.DefaultToleranceDex)
    {
        var o = options ?? new ParametricFitOptions();
        if (points.Count < 5)
            throw new InputException("points", points.Count.ToString(), "Approach 3 fits five constants; expected at least 5 runs (ideally dozens over several budgets)");
        var objective = new HuberLseObjective(points, o.HuberDelta, o.Simd);
        var grid = o.StartGrid;
        var n = grid.Count;
        var xs = new double[n * 5];
        var results = new LbfgsResult[n];
        var lbfgs = o.Lbfgs;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism },
            () => (opt: new Lbfgs(5, lbfgs.Memory), x: new double[5]),
            (k, _, local) =>
            {
                grid.Start(k, local.x);
                results[k] = local.opt.Minimize(objective, local.x, lbfgs);
                Array.Copy(local.x, 0, xs, k * 5, 5);
                return local;
            },
            _ => { });

        var best = -1;
        for (var k = 0; k < n; k++)
            if (double.IsFinite(results[k].F) && (best < 0 || results[k].F < results[best].F)) best = k;
        if (best < 0) throw new InvalidOperationException("no start of the grid gave a finite objective");
        var x = xs.AsSpan(best * 5, 5).ToArray();
        var bestF = results[best].F;
        var atOptimum = results.Count(r => double.IsFinite(r.F) && r.F - bestF <= SameOptimumRelative * Math.Abs(bestF));
        var start = new double[5];
        grid.Start(best, start);
        var diagnostics = ParametricDiagnostics.Of(objective, x, points, grid, start, results, budgetToleranceDex, SameOptimumRelative);
        return new ParametricFitResult(x, bestF, points.Count,
            results[best].Converged ? FitStatus.Converged : FitStatus.NotConverged,
            results[best], best, n, results.Count(r => r.Converged), atOptimum,
            results.Sum(r => (long)r.Evaluations), objective.Path, diagnostics);
    }

    /// <summary>One L-BFGS run from a given start (bootstrap resamples warm-start from the full fit).</summary>
    public static (double[] X, LbfgsResult Result) FitFrom(IReadOnlyList<RunPoint> points, ReadOnlySpan<double> start,
        double huberDelta, LbfgsOptions options, Lbfgs? workspace = null)
    {
        var objective = new HuberLseObjective(points, huberDelta);
        var x = start.ToArray();
        var r = (workspace ?? new Lbfgs(5, options.Memory)).Minimize(objective, x, options);
        return (x, r);
    }
}
