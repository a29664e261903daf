using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>
/// A design judged by the prediction it will support: every run's loss is drawn from the prior law
/// times exp(σ z), z standard normal and independent per run (seed-to-seed variation of small runs
/// is about 0.5-2% of the loss), Approach 3 is fitted to each simulated sweep (one L-BFGS from the
/// prior's constants, the settings of the bootstrap's refits), and the fit's compute-optimal N and
/// loss at the target budget are collected. The spread of those predictions is what the real sweep
/// can be expected to deliver if the prior is roughly right.
/// </summary>
public static class DesignSimulation
{
    public const double DefaultNoise = 0.01;
    public const int DefaultReplicates = 200;
    public const double Confidence = 0.9;

    public static SweepSimulation Run(IReadOnlyList<(double N, double D)> runs, ChinchillaLaw prior, Flops target,
        double noise = DefaultNoise, int replicates = DefaultReplicates, int seed = 1)
    {
        if (runs.Count < 5) throw new InputException("runs", runs.Count.ToString(), "a simulated fit needs at least 5 runs");
        var truth = ClosedForm.ComputeOptimal(prior, target);
        double[] start = [Math.Log(prior.A), Math.Log(prior.B), Math.Log(prior.E), prior.Alpha, prior.Beta];
        var ns = new double[replicates];
        var ls = new double[replicates];
        var draws = new double[replicates][];
        var rng = new Random(seed);
        for (var r = 0; r < replicates; r++)
        {
            draws[r] = new double[runs.Count];
            for (var i = 0; i < runs.Count; i++) draws[r][i] = Normal(rng);
        }
        Parallel.For(0, replicates, () => new Lbfgs(5, LbfgsOptions.Tight.Memory), (r, _, ws) =>
        {
            var points = runs.Select((x, i) => RunPoint.Of(x.N, x.D, prior.Loss(new(x.N), new(x.D)).Value * Math.Exp(noise * draws[r][i]))).ToList();
            var (fit, _) = ParametricFit.FitFrom(points, start, 1e-3, LbfgsOptions.Tight, ws);
            var law = new ChinchillaLaw("simulated", Math.Exp(fit[HuberLseObjective.E]), Math.Exp(fit[HuberLseObjective.A]),
                Math.Exp(fit[HuberLseObjective.B]), fit[HuberLseObjective.Alpha], fit[HuberLseObjective.Beta], prior.Source);
            if (law.Alpha > 0 && law.Beta > 0)
            {
                var opt = ClosedForm.ComputeOptimal(law, target);
                (ns[r], ls[r]) = (opt.Parameters.Value, opt.Loss.Value);
            }
            else (ns[r], ls[r]) = (double.NaN, double.NaN);
            return ws;
        }, _ => { });
        var n = Interval.Central(ns, Confidence);
        var l = Interval.Central(ls, Confidence);
        return new SweepSimulation
        {
            Replicates = replicates,
            Noise = noise,
            NoiseModel = $"loss x exp({noise:0.###} z), z ~ N(0, 1) independent per run; Approach 3 refitted per simulated sweep; {Confidence:0%} central intervals",
            TrueParameters = truth.Parameters.Value,
            TrueLoss = truth.Loss.Value,
            ParametersInterval = [n.Low, n.High],
            LossInterval = [l.Low, l.High],
            ParametersSpread = double.IsFinite(n.Low) && n.Low > 0 ? Math.Sqrt(n.High / n.Low) - 1 : double.PositiveInfinity,
            LossSpread = (l.High - l.Low) / 2 / truth.Loss.Value,
        };
    }

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
