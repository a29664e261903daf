using MathNet.Numerics.LinearAlgebra;

namespace ScalingLab.Fitting;

/// <summary>
/// What a user should check before trusting an Approach-3 fit: whether the winning start sat on
/// the edge of the grid, and whether any start inside the grid reached the same optimum (when only
/// edge starts do, a wider grid might find better; when hundreds of starts tie, which one is "best"
/// is decided by rounding and its position means nothing), how many starts failed to converge and
/// why, how many points each budget contributes, and how well-conditioned the minimum is
/// (eigenvalues of the objective's Hessian in (a, b, e, α, β); a huge ratio means some
/// combination of constants is barely determined by the data, typically A with α).
/// </summary>
public sealed record ParametricDiagnostics(
    [property: System.Text.Json.Serialization.JsonPropertyOrder(-1)] IReadOnlyList<string> BestStartEdges,
    int InteriorStartsAtOptimum,
    IReadOnlyDictionary<string, int> StopReasons,
    int NotConvergedStarts,
    IReadOnlyList<BudgetCount> PointsPerBudget,
    double[] HessianEigenvalues,
    double ConditionNumber,
    IReadOnlyList<string> Warnings)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)] public bool BestStartOnGridEdge => BestStartEdges.Count > 0;

    /// <summary>Why a diagnostic is not a finite number (JSON writes it as null), one note per such value.</summary>
    public IReadOnlyList<string>? Notes
    {
        get
        {
            var notes = new List<string>();
            if (!double.IsFinite(ConditionNumber))
                notes.Add(HessianEigenvalues.Any(v => !double.IsFinite(v))
                    ? "conditionNumber is null: the Hessian at the optimum is not finite"
                    : $"conditionNumber is null: the Hessian's smallest eigenvalue is {HessianEigenvalues.Min():0.###e+0}, so the optimum is flat or a saddle in some direction");
            if (HessianEigenvalues.Any(v => !double.IsFinite(v)))
                notes.Add("hessianEigenvalues holds null where an eigenvalue is not finite");
            return notes.Count == 0 ? null : notes;
        }
    }

    // Beyond this the Hessian is nearly singular in some direction of (a, b, e, α, β).
    private const double IllConditioned = 1e10;
    // Central-difference step for the Hessian from the analytic gradient (relative error ~h² for a C² objective).
    private const double HessianStep = 1e-5;

    /// <summary>Alpha above this makes N_opt's extrapolation unstable (issue 11): small changes in the data move it a lot.</summary>
    public const double SteepAlpha = 0.6;

    /// <summary>The grid search's diagnostics: edges and interior starts come from the start grid.</summary>
    public static ParametricDiagnostics Of(IObjective objective, double[] x, IReadOnlyList<RunPoint> points, StartGrid grid,
        double[] bestStart, LbfgsResult[] runs, double budgetToleranceDex, double sameOptimumRelative)
    {
        var edges = grid.EdgesOf(bestStart);
        var start = new double[5];
        var interior = 0;
        var best = runs.Where(r => double.IsFinite(r.F)).Min(r => r.F);
        for (var k = 0; k < runs.Length; k++)
        {
            if (!(runs[k].F - best <= sameOptimumRelative * Math.Abs(best))) continue;
            grid.Start(k, start);
            if (grid.EdgesOf(start).Count == 0) interior++;
        }
        return Build(objective, x, points, edges, interior, runs, budgetToleranceDex,
            edges.Count > 0 && interior == 0
                ? $"the optimum was reached only from starts on the edge of the start grid (best: {string.Join(", ", edges)}); widen the grid to be sure no better minimum lies beyond it"
                : null);
    }

    /// <summary>Diagnostics of an optimum x of <paramref name="objective"/>, whichever search found it.</summary>
    public static ParametricDiagnostics Build(IObjective objective, double[] x, IReadOnlyList<RunPoint> points, IReadOnlyList<string> edges,
        int interior, LbfgsResult[] runs, double budgetToleranceDex, string? edgeWarning)
    {
        var reasons = runs.GroupBy(r => r.Status).OrderBy(g => g.Key).ToDictionary(g => Name(g.Key), g => g.Count());
        // A line search that fails at machine precision with max|g| within SciPy's pgtol has converged all the same.
        var notConverged = runs.Count(r => !r.Converged && !(r.Status == LbfgsStatus.LineSearchFailed && r.GradientNorm <= LbfgsOptions.SciPyDefaults.Pgtol));
        var perBudget = BudgetGroups.Of(points, budgetToleranceDex).Select(g => new BudgetCount(g.Flops, g.Points.Count)).ToList();
        var hessian = Hessian(objective, x);
        var eig = hessian.Cast<double>().All(double.IsFinite)
            ? Matrix<double>.Build.DenseOfArray(hessian).Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).OrderBy(v => v).ToArray()
            : Enumerable.Repeat(double.NaN, x.Length).ToArray();
        var cond = eig[0] > 0 ? eig[^1] / eig[0] : double.PositiveInfinity;

        var warnings = new List<string>();
        if (edgeWarning is not null) warnings.Add(edgeWarning);
        if (notConverged > runs.Length / 10)
            warnings.Add($"{notConverged} of {runs.Length} starts did not converge (" + string.Join(", ", reasons.Where(k => k.Key is not ("gradient" or "decrease")).Select(k => $"{k.Key} {k.Value}")) + "): the optimum may be flat or badly scaled; look at the bootstrap intervals before trusting the constants");
        if (!double.IsFinite(eig[0]))
            warnings.Add("the Hessian at the optimum is not finite: the objective is not smooth there, so no condition number can be given");
        else if (eig[0] <= 0)
            warnings.Add("the Hessian at the optimum is not positive definite: the minimum is flat or a saddle in some direction");
        else if (cond > IllConditioned)
            warnings.Add($"the problem is ill-conditioned (Hessian condition number {cond:0.0e+0}); the constants trade off against each other, see the bootstrap intervals");
        var alpha = x[HuberLseObjective.Alpha];
        if (alpha > SteepAlpha)
            warnings.Add($"alpha = {alpha:0.###} is above ~{SteepAlpha}: the optimal size then moves fast with compute and extrapolating it beyond the largest budget is unstable; add a larger budget, or check the smallest models' runs (they pull alpha up)");
        var small = perBudget.Count(b => b.Points < 3);
        if (perBudget.Count < 3)
            warnings.Add($"only {perBudget.Count} compute budget(s); the exponents need runs over several budgets: add a budget");
        else if (small > 0)
            warnings.Add($"{small} budget group(s) have fewer than 3 points");
        return new ParametricDiagnostics(edges, interior, reasons, notConverged, perBudget, eig, cond, warnings);
    }

    public static string Name(LbfgsStatus s) => s switch
    {
        LbfgsStatus.ConvergedGradient => "gradient",
        LbfgsStatus.ConvergedDecrease => "decrease",
        LbfgsStatus.MaxIterations => "maxIterations",
        LbfgsStatus.MaxEvaluations => "maxEvaluations",
        LbfgsStatus.LineSearchFailed => "lineSearchFailed",
        _ => "notFinite",
    };

    private static double[,] Hessian(IObjective f, double[] x)
    {
        var n = x.Length;
        var h = new double[n, n];
        var xp = new double[n];
        var gp = new double[n];
        var gm = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Copy(x, xp, n);
            xp[j] = x[j] + HessianStep;
            f.Evaluate(xp, gp);
            xp[j] = x[j] - HessianStep;
            f.Evaluate(xp, gm);
            for (var i = 0; i < n; i++) h[i, j] = (gp[i] - gm[i]) / (2 * HessianStep);
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                h[i, j] = h[j, i] = 0.5 * (h[i, j] + h[j, i]);
        return h;
    }
}

/// <summary>How many runs one compute budget (a group of <see cref="BudgetGroups"/>) holds.</summary>
public sealed record BudgetCount(double Flops, int Points);
