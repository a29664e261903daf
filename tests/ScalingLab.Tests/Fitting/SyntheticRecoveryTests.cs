using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Fitting;

/// <summary>Data drawn from a known law (Besiroglu et al. 2024's rounded constants) is fitted back.</summary>
public class SyntheticRecoveryTests
{
    private static readonly ChinchillaLaw Truth = (ChinchillaLaw)LawCatalog.Get("besiroglu2024");
    private static readonly double[] Budgets = [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21];

    /// <summary>Nine IsoFLOP budgets (Hoffmann's), 9 sizes each from 1/4 to 4x the optimum, loss with log-normal noise.</summary>
    private static List<RunPoint> IsoFlopRuns(double noise, int seed)
    {
        var rng = new Random(seed);
        var runs = new List<RunPoint>();
        foreach (var c in Budgets)
        {
            var opt = ScalingLab.Allocation.ClosedForm.ComputeOptimal(Truth, new Flops(c)).Parameters.Value;
            for (var k = -4; k <= 4; k++)
            {
                var n = opt * Math.Pow(4, k / 4.0);
                var d = c / (6 * n);
                var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                runs.Add(RunPoint.Of(n, d, Truth.Loss(new(n), new(d)).Value * Math.Exp(noise * z)));
            }
        }
        return runs;
    }

    // 0.3% noise (about the scatter of the figure-4 read-off around the fit): exponents within 0.02,
    // E within 1%, the fitted objective no higher than the truth's (the optimiser found the minimum).
    [Fact]
    public void Approach3_recovers_the_law()
    {
        var runs = IsoFlopRuns(0.003, 1);
        var fit = ParametricFit.Fit(runs);
        Assert.Equal(Truth.Alpha, fit.Alpha, 0.02);
        Assert.Equal(Truth.Beta, fit.Beta, 0.02);
        Assert.Equal(Truth.E, fit.E, Truth.E * 0.01);
        double[] truthX = [Math.Log(Truth.A), Math.Log(Truth.B), Math.Log(Truth.E), Truth.Alpha, Truth.Beta];
        Assert.True(fit.Objective <= new HuberLseObjective(runs).Evaluate(truthX, new double[5]));
    }

    // Without noise the IsoFLOP minima lie on N_opt = G (C/6)^a exactly up to the parabola's
    // approximation of the profile; a = beta/(alpha+beta) = 0.5127 within 0.01.
    [Fact]
    public void Approach2_recovers_the_exponents()
    {
        var iso = IsoFlopFit.Fit(IsoFlopRuns(0, 0), toleranceDex: 0.05);
        Assert.Equal(9, iso.Profiles.Count(p => p.Used));
        Assert.Equal(Truth.ParameterExponent, iso.Parameters.Exponent, 0.01);
        Assert.Equal(Truth.TokenExponent, iso.Tokens.Exponent, 0.01);
        Assert.InRange(Truth.ParameterExponent, iso.Parameters.ExponentInterval.Low - 0.01, iso.Parameters.ExponentInterval.High + 0.01);
    }

    // Training curves of 30 sizes (40M to 40B), each evaluated at 60 token counts along the way; the lower
    // envelope's N(C) follows the law's compute-optimal exponent within 0.03 (the size grid is discrete).
    [Fact]
    public void Approach1_recovers_the_exponent_from_training_curves()
    {
        var runs = new List<RunPoint>();
        for (var i = 0; i < 30; i++)
        {
            var n = 4e7 * Math.Pow(1000, i / 29.0);
            for (var s = 1; s <= 60; s++)
            {
                var d = n * 0.5 * Math.Pow(200, s / 60.0);
                runs.Add(RunPoint.Of(n, d, Truth.Loss(new(n), new(d)).Value, runId: $"run{i}"));
            }
        }
        var env = EnvelopeFit.Fit(runs);
        Assert.Equal(Truth.ParameterExponent, env.Parameters.Exponent, 0.03);
        Assert.True(env.RunsOnEnvelope.Count >= 10);
    }

    // Fewer than three usable budgets: a one-line error naming what is needed, not garbage exponents.
    [Fact]
    public void Approach2_refuses_too_few_budgets()
    {
        var runs = IsoFlopRuns(0, 0).Where(r => r.Flops.Value < 2e19).ToList();
        var e = Assert.Throws<InputException>(() => IsoFlopFit.Fit(runs));
        Assert.Contains("at least 3 budgets", e.Message);
    }
}
