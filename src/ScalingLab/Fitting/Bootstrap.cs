using ScalingLab.Laws;
using ScalingLab.Progress;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

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

    public const string Stage = "bootstrap";

    public static BootstrapResult Run(IReadOnlyList<RunPoint> points, ParametricFitResult fit, BootstrapOptions o,
        double huberDelta = 1e-3, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        if (o.Resamples < 10) throw new InputException("bootstrap", o.Resamples.ToString(), "expected at least 10 resamples (1,000 or more for 95% intervals)");
        var started = System.Diagnostics.Stopwatch.StartNew();
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
        var step = Math.Max(1, o.Resamples / 100);
        progress?.Report(new WorkProgress(Stage, 0, o.Resamples));
        Parallel.For(0, o.Resamples, Parallelism.Options(cancel), () => new Lbfgs(5, lbfgs.Memory), (r, _, ws) =>
        {
            var sample = Resample(points, draws[r]);
            (xs[r], results[r]) = ParametricFit.FitFrom(sample, fit.X, huberDelta, lbfgs, ws);
            var k = Interlocked.Increment(ref done);
            if (k % step == 0 || k == o.Resamples) progress?.Report(new WorkProgress(Stage, k, o.Resamples));
            return ws;
        }, _ => { });

        // Proof that warm starts did not stop at a worse local minimum: refit a few resamples from the whole grid.
        double gap = 0;
        var checks = Math.Min(o.GridChecks, o.Resamples);
        for (var r = 0; r < checks; r++)
        {
            var grid = ParametricFit.Fit(Resample(points, draws[r]), new ParametricFitOptions(huberDelta), cancel: cancel);
            gap = Math.Max(gap, (results[r].F - grid.Objective) / Math.Abs(grid.Objective));
        }

        var source = new Source("ScalingLab bootstrap", $"resample of {n} points, seed {o.Seed}", DateTime.UtcNow.Year);
        var laws = xs.Select((x, i) => new ChinchillaLaw($"resample {i}", Math.Exp(x[HuberLseObjective.E]), Math.Exp(x[HuberLseObjective.A]),
            Math.Exp(x[HuberLseObjective.B]), x[HuberLseObjective.Alpha], x[HuberLseObjective.Beta], source)).ToList();
        return new BootstrapResult(laws, BootstrapIntervals.Of(laws, o.At, o.Confidence), o.At, o.Confidence, o.Resamples, o.Seed,
            results.Count(r => r.GradientNorm <= ConvergedGradient),
            results.Max(r => r.GradientNorm),
            results.GroupBy(r => r.Status).ToDictionary(g => ParametricDiagnostics.Name(g.Key), g => g.Count()),
            checks, gap, started.Elapsed.TotalSeconds);
    }

    private static RunPoint[] Resample(IReadOnlyList<RunPoint> points, int[] draw) => draw.Select(i => points[i]).ToArray();
}
