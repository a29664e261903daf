using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Sweeps;
using ScalingLab.Units;

namespace ScalingLab.Reports.Tests;

/// <summary>
/// A sweep as its report sees it, made without training: 4 budgets x 6 sizes around a known law's
/// optimum, final losses from the law with 1% seeded noise, training curves that start near
/// ln(256) and settle on the final loss, and one verification run at 3x the largest budget.
/// </summary>
internal static class SyntheticSweep
{
    public static readonly ChinchillaLaw Truth = new("truth", 1.0, 20, 20, 0.3, 0.3, new Source("synthetic", "tests", 2026));

    private static readonly Lazy<SweepSnapshot> Cached = new(() => Make(verified: true));

    public static SweepSnapshot Snapshot => Cached.Value;

    /// <param name="biggerIsWorse">Losses that rise with model size at every budget, as undertrained tiny models show: no law of the form fits them.</param>
    public static SweepSnapshot Make(bool verified, bool biggerIsWorse = false)
    {
        var rng = new Random(7);
        var budgets = new[] { 1e10, 3e10, 1e11, 3e11 };
        var spec = new SweepSpec { Id = "synthetic", Name = "synthetic <sweep>", Data = "/data/brown-byte", TargetBudget = 1e13, Law = "tiny-prior", Context = 32, Vocab = 256 };
        var finals = new List<RunPoint>();
        var curves = new List<RunPoint>();
        var statuses = new List<SweepRunStatus>();
        for (var b = 0; b < budgets.Length; b++)
            for (var k = 0; k < 6; k++)
            {
                var c = budgets[b];
                var n = Math.Sqrt(c / 6) * Math.Pow(10, -0.6 + 0.24 * k);
                var d = c / (6 * n);
                var id = $"b{b + 1}-s{k + 1}";
                var loss = (biggerIsWorse ? 1.0 + 20 / Math.Pow(d, 0.3) + 0.2 * Math.Log(n / 2e4) : Truth.Loss(new(n), new(d)).Value) * Math.Exp(0.01 * Normal(rng));
                spec.Runs.Add(new SweepRunSpec { Id = id, Budget = c, Flops = c, Parameters = n, Tokens = d, Train = "--params 1" });
                finals.Add(RunPoint.Of(n, d, loss, id));
                for (var s = 1; s <= 40; s++)
                {
                    var t = d * s / 40;
                    curves.Add(RunPoint.Of(n, t, loss + (Math.Log(256) - loss) * Math.Exp(-12.0 * s / 40) + 0.02 * Normal(rng), id) with { Step = s * 10 });
                }
                statuses.Add(new SweepRunStatus(id, SweepRunState.Completed, loss, loss, 12.5, n, d, 1, null, id));
            }
        var table = new RunTable("/sweeps/synthetic/sweep.db", finals, ["read 24 completed runs from the store sweep.db"]);
        var analysis = SweepAnalysis.Analyze(table, new RunTable(table.Source, curves, []), new Flops(spec.TargetBudget), resamples: 20, seed: 1);
        var checks = new List<SweepVerification>();
        if (verified && !biggerIsWorse)
        {
            var opt = Allocation.ClosedForm.ComputeOptimal(analysis.Parametric.Parametric!.ToLaw("fit", new Source("fit", "", 0)), new Flops(9e11));
            var measured = Truth.Loss(opt.Parameters, opt.Tokens).Value * 1.01;
            checks.Add(SweepVerification.Of(analysis, "verify-9e11", opt.Parameters.Value, opt.Tokens.Value, measured));
        }
        return new SweepSnapshot(spec, "/sweeps/synthetic", statuses, new RunTable(table.Source, curves, ["read the training curves of 24 runs"]), analysis, checks);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
