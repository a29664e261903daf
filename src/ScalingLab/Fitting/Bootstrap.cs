using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// The bootstrap's answer: intervals for the constants and for what users care about at a budget,
/// the samples themselves, and the evidence that every resample's fit converged.
/// </summary>
public sealed record BootstrapResult(
    IReadOnlyList<ChinchillaLaw> Samples,
    IReadOnlyDictionary<string, Interval> Intervals,
    Flops Budget, double Confidence, int Resamples, int Seed,
    int ConvergedResamples, double MaxGradientNorm, IReadOnlyDictionary<string, int> StopReasons,
    int GridChecks, double GridCheckMaxRelativeGap)
{
    /// <summary>All resamples stopped on the gradient test and the grid refits found no lower minimum.</summary>
    public bool Proven => ConvergedResamples == Resamples && GridCheckMaxRelativeGap <= Bootstrap.SameMinimumRelative;
}

/// <summary>
/// A seeded nonparametric bootstrap of Approach 3, as Besiroglu et al. 2024 do (they report 95%
/// intervals from 4,000 resamples). Resamples are drawn up front from one seeded generator, so
/// the result does not depend on thread scheduling.
/// </summary>
public static class Bootstrap
{
    /// <summary>A warm-started resample counts as proven when a full-grid refit is no lower than this, relatively.</summary>
    public const double SameMinimumRelative = 1e-9;
    /// <summary>
    /// A resample counts as converged when max|g| ends at or below this: 10x tighter than SciPy's
    /// default pgtol. The optimiser aims at 1e-9 but at f ≈ 1e-3 rounding often ends it a little above.
    /// </summary>
    public const double ConvergedGradient = 1e-6;

    public static BootstrapResult Run(IReadOnlyList<RunPoint> points, ParametricFitResult fit, BootstrapOptions o,
        double huberDelta = 1e-3, IProgress<int>? progress = null)
    {
        if (o.Resamples < 10) throw new InputException("bootstrap", o.Resamples.ToString(), "expected at least 10 resamples (1,000 or more for 95% intervals)");
        var rng = new Random(o.Seed);
        var n = points.Count;
        var draws = new int[o.Resamples][];
        for (var r = 0; r < o.Resamples; r++)
        {
            draws[r] = new int[n];
            for (var i = 0; i < n; i++) draws[r][i] = rng.Next(n);
        }
        var xs = new double[o.Resamples][];
        var results = new LbfgsResult[o.Resamples];
        var lbfgs = o.Lbfgs;
        var done = 0;
        Parallel.For(0, o.Resamples, () => new Lbfgs(5, lbfgs.Memory), (r, _, ws) =>
        {
            var sample = Resample(points, draws[r]);
            (xs[r], results[r]) = ParametricFit.FitFrom(sample, fit.X, huberDelta, lbfgs, ws);
            var k = Interlocked.Increment(ref done);
            if (progress is not null && k % 250 == 0) progress.Report(k);
            return ws;
        }, _ => { });

        // Proof that warm starts did not stop at a worse local minimum: refit a few resamples from the whole grid.
        double gap = 0;
        var checks = Math.Min(o.GridChecks, o.Resamples);
        for (var r = 0; r < checks; r++)
        {
            var grid = ParametricFit.Fit(Resample(points, draws[r]), new ParametricFitOptions(huberDelta));
            gap = Math.Max(gap, (results[r].F - grid.Objective) / Math.Abs(grid.Objective));
        }

        var source = new Source("ScalingLab bootstrap", $"resample of {n} points, seed {o.Seed}", DateTime.UtcNow.Year);
        var laws = xs.Select((x, i) => new ChinchillaLaw($"resample {i}", Math.Exp(x[HuberLseObjective.E]), Math.Exp(x[HuberLseObjective.A]),
            Math.Exp(x[HuberLseObjective.B]), x[HuberLseObjective.Alpha], x[HuberLseObjective.Beta], source)).ToList();
        return new BootstrapResult(laws, Intervals(laws, o.At, o.Confidence), o.At, o.Confidence, o.Resamples, o.Seed,
            results.Count(r => r.GradientNorm <= ConvergedGradient),
            results.Max(r => r.GradientNorm),
            results.GroupBy(r => r.Status).ToDictionary(g => ParametricDiagnostics.Name(g.Key), g => g.Count()),
            checks, gap);
    }

    /// <summary>Intervals for the constants, the exponents, and the allocation at the budget.</summary>
    public static IReadOnlyDictionary<string, Interval> Intervals(IReadOnlyList<ChinchillaLaw> laws, Flops budget, double confidence)
    {
        var opt = laws.Select(l => ClosedForm.ComputeOptimal(l, budget)).ToArray();
        Interval Of(Func<ChinchillaLaw, double> f) => Interval.Central(laws.Select(f), confidence);
        return new Dictionary<string, Interval>
        {
            ["E"] = Of(l => l.E), ["A"] = Of(l => l.A), ["B"] = Of(l => l.B),
            ["alpha"] = Of(l => l.Alpha), ["beta"] = Of(l => l.Beta),
            ["a"] = Of(l => l.ParameterExponent), ["b"] = Of(l => l.TokenExponent),
            ["nOpt"] = Interval.Central(opt.Select(x => x.Parameters.Value), confidence),
            ["dOpt"] = Interval.Central(opt.Select(x => x.Tokens.Value), confidence),
            ["loss"] = Interval.Central(opt.Select(x => x.Loss.Value), confidence),
            ["tokensPerParameter"] = Interval.Central(opt.Select(x => x.TokensPerParameter), confidence),
        };
    }

    private static RunPoint[] Resample(IReadOnlyList<RunPoint> points, int[] draw) => draw.Select(i => points[i]).ToArray();
}
