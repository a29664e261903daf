using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// IsoFLOP sweeps drawn from a known law, with the flaws of real ones, for coverage studies and tests:
/// each budget's sizes are spaced evenly in log N around a centre that misses the true optimum by up to
/// <see cref="OffCentreDex"/> either way; the loss carries log-normal noise whose spread grows away from
/// the optimum (runs far from it are less tuned: σ = <see cref="Noise"/> · (1 + 2 |log10(N/N*)|)); and a
/// share <see cref="OutlierRate"/> of runs come out <see cref="OutlierSize"/> worse (a bad seed or
/// learning rate).
/// </summary>
public sealed record SyntheticIsoFlops(
    int Budgets = 6, double FirstBudget = 1e18, double BudgetStepDex = 0.5, int Sizes = 7, double SizeStepDex = 0.15,
    double OffCentreDex = 0.3, double Noise = 0.003, double OutlierRate = 0.03, double OutlierSize = 0.03)
{
    public IReadOnlyList<double> BudgetFlops => Enumerable.Range(0, Budgets).Select(b => FirstBudget * Math.Pow(10, b * BudgetStepDex)).ToList();

    public List<RunPoint> Draw(ChinchillaLaw truth, Random rng)
    {
        var runs = new List<RunPoint>();
        foreach (var c in BudgetFlops)
        {
            var opt = ClosedForm.ComputeOptimal(truth, new Flops(c)).Parameters.Value;
            var centre = Math.Log10(opt) + OffCentreDex * (2 * rng.NextDouble() - 1);
            for (var k = 0; k < Sizes; k++)
            {
                var log10N = centre + (k - (Sizes - 1) / 2.0) * SizeStepDex;
                var n = Math.Pow(10, log10N);
                var d = c / (6 * n);
                var sigma = Noise * (1 + 2 * Math.Abs(log10N - Math.Log10(opt)));
                var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                var loss = truth.Loss(new(n), new(d)).Value * Math.Exp(sigma * z);
                if (rng.NextDouble() < OutlierRate) loss *= 1 + OutlierSize;
                runs.Add(RunPoint.Of(n, d, loss));
            }
        }
        return runs;
    }
}
