using ScalingLab.Progress;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// Approach 3 of Hoffmann et al. 2022 as Besiroglu et al. 2024 redo it: minimise the summed
/// Huber loss of log-space residuals of the log-sum-exp form. <see cref="Fit"/> searches by
/// variable projection by default (<see cref="VariableProjectionFit"/>) or, with
/// <see cref="ParametricMethod.Grid"/>, with L-BFGS from every start of the 5-D grid (in parallel),
/// keeping the lowest objective.
/// </summary>
public static class ParametricFit
{
    // Starts whose objective is within this relative distance of the best count as "at the optimum".
    private const double SameOptimumRelative = 1e-6;

    public const string Stage = "approach 3";

    public static ParametricFitResult Fit(IReadOnlyList<RunPoint> points, ParametricFitOptions? options = null,
        double budgetToleranceDex = BudgetGroups.DefaultToleranceDex, IProgress<WorkProgress>? progress = null,
        CancellationToken cancel = default)
    {
        var o = options ?? new ParametricFitOptions();
        if (o.Method == ParametricMethod.VariableProjection) return VariableProjectionFit.Fit(points, o, budgetToleranceDex, progress, cancel);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CheckPoints(points);
        var objective = new HuberLseObjective(points, o.HuberDelta, o.Simd);
        var grid = o.StartGrid;
        var n = grid.Count;
        var xs = new double[n * 5];
        var results = new LbfgsResult[n];
        var lbfgs = o.Lbfgs;
        var done = 0;
        var step = Math.Max(1, n / 100);
        progress?.Report(new WorkProgress(Stage, 0, n, $"{n:N0} L-BFGS starts on {points.Count:N0} points"));
        Parallel.For(0, n, Parallelism.Options(cancel, o.MaxDegreeOfParallelism),
            () => (opt: new Lbfgs(5, lbfgs.Memory), x: new double[5]),
            (k, _, local) =>
            {
                grid.Start(k, local.x);
                results[k] = local.opt.Minimize(objective, local.x, lbfgs);
                Array.Copy(local.x, 0, xs, k * 5, 5);
                var d = Interlocked.Increment(ref done);
                if (d % step == 0 || d == n) progress?.Report(new WorkProgress(Stage, d, n, "L-BFGS starts"));
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
        var onEdge = diagnostics.BestStartEdges.Count > 0 && diagnostics.InteriorStartsAtOptimum == 0;
        return new ParametricFitResult(x, bestF, points.Count, FitStatuses.Of(results[best].Status, onEdge),
            results[best], best, n, results.Count(r => r.Converged), atOptimum,
            results.Sum(r => (long)r.Evaluations), objective.Path, diagnostics)
        { HuberDelta = o.HuberDelta, Seconds = clock.Elapsed.TotalSeconds, Method = ParametricMethod.Grid };
    }

    /// <summary>Five constants need five different points: repeated rows add weight, not information.</summary>
    public static void CheckPoints(IReadOnlyList<RunPoint> points)
    {
        var distinct = points.Select(p => (p.Parameters.Value, p.Tokens.Value)).Distinct().Count();
        if (distinct < 5)
            throw new InputException("points", $"{distinct} distinct (N, D) point{(distinct == 1 ? "" : "s")} in {points.Count} runs",
                "Approach 3 fits five constants; expected runs at 5 or more distinct (parameters, tokens) points (ideally dozens over several budgets)");
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
