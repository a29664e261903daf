using System.Diagnostics;
using ScalingLab.Progress;

namespace ScalingLab.Fitting;

/// <summary>
/// Approach 3 by variable projection, minimising the same objective as Hoffmann et al.'s grid search
/// (the summed Huber loss of log residuals, <see cref="HuberLseObjective"/>). For fixed exponents
/// (α, β) the model's loss E + A N^−α + B D^−β is linear in (E, A, B); the objective is not (it is a
/// Huber loss of log residuals), so the inner problem is solved exactly by L-BFGS over
/// (ln A, ln B, ln E) on <see cref="ProjectedHuberObjective"/>, started from the linear least-squares
/// solution in loss space. That gives φ(α, β) on an <see cref="ExponentGrid"/> (400 cells by default
/// instead of 4,500 five-dimensional starts). The lowest local minima of φ on the grid are then
/// polished by L-BFGS over all five constants on all the points, with tight tolerances, so the
/// result is a stationary point of the original objective, not of a surrogate.
/// On more than <see cref="GridSample"/> runs the grid stage and a first polish of every candidate
/// use a fixed random subsample of that size (they only locate the basin); the winner is then polished
/// on every run, so the answer is the full data's optimum and the cost stays linear in the rows.
/// </summary>
public static class VariableProjectionFit
{
    public const int GridSample = 5_000;
    public const int Candidates = 5;
    private const double SameOptimumRelative = 1e-6;

    /// <summary>Inner solves only rank cells: SciPy-like tolerances, tightened a little.</summary>
    public static readonly LbfgsOptions Inner = new(Factr: 1e6, Pgtol: 1e-8, MaxIterations: 2000, MaxEvaluations: 4000);
    /// <summary>The polish decides the answer: no stop on a small decrease (flat valleys end it early), only max|g| ≤ 1e-10 or a line search that can no longer descend.</summary>
    public static readonly LbfgsOptions Polish = new(Factr: 0, Pgtol: 1e-10);

    public static ParametricFitResult Fit(IReadOnlyList<RunPoint> points, ParametricFitOptions o, double budgetToleranceDex,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        ParametricFit.CheckPoints(points);
        var full = new HuberLseObjective(points, o.HuberDelta, o.Simd);
        var sample = points.Count > GridSample ? Subsample(points, GridSample) : points;
        var lnN = sample.Select(p => Math.Log(p.Parameters.Value)).ToArray();
        var lnD = sample.Select(p => Math.Log(p.Tokens.Value)).ToArray();
        var lnL = sample.Select(p => Math.Log(p.Loss.Value)).ToArray();
        var grid = o.Exponents;
        var total = grid.Count + Candidates;
        var phi = new double[grid.Count];
        var theta = new double[grid.Count][];
        var inner = new LbfgsResult[grid.Count];
        var done = 0;
        var step = Math.Max(1, grid.Count / 50);
        progress?.Report(new WorkProgress(ParametricFit.Stage, 0, total, $"variable projection over {grid.Count} (alpha, beta) cells on {sample.Count:N0} points"));
        Parallel.For(0, grid.Count, Parallelism.Options(cancel, o.MaxDegreeOfParallelism), () => new Lbfgs(3, Inner.Memory), (k, _, ws) =>
        {
            var (alpha, beta) = grid.Cell(k);
            var objective = new ProjectedHuberObjective(lnN, lnD, lnL, alpha, beta, o.HuberDelta);
            var t = objective.Start();
            inner[k] = ws.Minimize(objective, t, Inner);
            (phi[k], theta[k]) = (double.IsFinite(inner[k].F) ? inner[k].F : double.PositiveInfinity, t);
            var d = Interlocked.Increment(ref done);
            if (d % step == 0) progress?.Report(new WorkProgress(ParametricFit.Stage, d, total, "variable projection"));
            return ws;
        }, _ => { });

        // The lowest local minima of φ on the grid (a cell no higher than its neighbours), best first.
        var order = Enumerable.Range(0, grid.Count).Where(k => double.IsFinite(phi[k]))
            .Where(k => grid.Neighbours(k).All(j => phi[k] <= phi[j])).OrderBy(k => phi[k]).Take(Candidates).ToList();
        if (order.Count == 0) throw new InvalidOperationException("no (alpha, beta) cell gave a finite objective");
        var polish = new Lbfgs(5, Polish.Memory);
        var xs = new double[order.Count][];
        var runs = new LbfgsResult[order.Count];
        var subsampled = sample.Count < points.Count;
        var first = subsampled ? new HuberLseObjective(sample, o.HuberDelta, o.Simd) : full;
        for (var c = 0; c < order.Count; c++)
        {
            cancel.ThrowIfCancellationRequested();
            var (alpha, beta) = grid.Cell(order[c]);
            var t = theta[order[c]];
            var x = new double[5];
            (x[HuberLseObjective.A], x[HuberLseObjective.B], x[HuberLseObjective.E], x[HuberLseObjective.Alpha], x[HuberLseObjective.Beta]) = (t[0], t[1], t[2], alpha, beta);
            runs[c] = polish.Minimize(first, x, Polish);
            xs[c] = x;
            progress?.Report(new WorkProgress(ParametricFit.Stage, grid.Count + c + 1, total, subsampled ? "polishing the best cells on the subsample" : "polishing the best cells"));
        }
        if (subsampled)
        {
            // Only the subsample's winner goes on to every row; the others keep their subsample values for the diagnostics.
            var winner = Enumerable.Range(0, order.Count).Where(c => double.IsFinite(runs[c].F)).MinBy(c => runs[c].F);
            progress?.Report(new WorkProgress(ParametricFit.Stage, total - 1, total, $"polishing the winner on all {points.Count:N0} points"));
            for (var c = 0; c < order.Count; c++) runs[c] = runs[c] with { F = c == winner ? 0 : double.PositiveInfinity };
            runs[winner] = polish.Minimize(full, xs[winner], Polish);
        }
        progress?.Report(new WorkProgress(ParametricFit.Stage, total, total, "done"));
        var best = Enumerable.Range(0, order.Count).Where(c => double.IsFinite(runs[c].F)).MinBy(c => runs[c].F);
        var bestF = runs[best].F;
        var atOptimum = Enumerable.Range(0, order.Count).Where(c => runs[c].F - bestF <= SameOptimumRelative * Math.Abs(bestF)).ToList();
        var xBest = xs[best];
        var edges = grid.EdgesOf(order[best]).ToList();
        if (xBest[HuberLseObjective.Alpha] < grid.Alpha.Min() || xBest[HuberLseObjective.Alpha] > grid.Alpha.Max()) edges.Add("alpha");
        if (xBest[HuberLseObjective.Beta] < grid.Beta.Min() || xBest[HuberLseObjective.Beta] > grid.Beta.Max()) edges.Add("beta");
        edges = edges.Distinct().ToList();
        var interior = atOptimum.Count(c => grid.EdgesOf(order[c]).Count == 0);
        var diagnostics = ParametricDiagnostics.Build(full, xBest, points, edges, interior, runs, budgetToleranceDex,
            edges.Count > 0 && interior == 0
                ? $"the exponents sit on the edge of the (alpha, beta) grid ({string.Join(", ", edges)}) and no interior cell reached the optimum; widen the grid (‹grid› alpha=FROM:TO:STEP,beta=FROM:TO:STEP) to be sure no better minimum lies beyond it"
                : null);
        var onEdge = edges.Count > 0 && interior == 0;
        var status = FitStatuses.Of(runs[best].Status, onEdge);
        // At f ≈ 1e-3 the polish often ends on a line search at machine precision with max|g| far below the default pgtol: that is convergence.
        if (status == FitStatus.LineSearchFailed && runs[best].GradientNorm <= LbfgsOptions.SciPyDefaults.Pgtol)
            status = onEdge ? FitStatus.OnGridEdge : FitStatus.Converged;
        return new ParametricFitResult(xBest, bestF, points.Count, status, runs[best], order[best], grid.Count,
            inner.Count(r => r.Converged), atOptimum.Count, inner.Sum(r => (long)r.Evaluations) + runs.Sum(r => (long)r.Evaluations),
            full.Path, diagnostics)
        { HuberDelta = o.HuberDelta, Seconds = clock.Elapsed.TotalSeconds, Method = ParametricMethod.VariableProjection };
    }

    // A fixed random subsample (seed 0): the same rows for the same table, whatever the thread count.
    private static IReadOnlyList<RunPoint> Subsample(IReadOnlyList<RunPoint> points, int size)
    {
        var rng = new Random(0);
        var index = Enumerable.Range(0, points.Count).ToArray();
        for (var i = 0; i < size; i++)
        {
            var j = i + rng.Next(index.Length - i);
            (index[i], index[j]) = (index[j], index[i]);
        }
        return index.Take(size).Select(i => points[i]).ToArray();
    }
}
