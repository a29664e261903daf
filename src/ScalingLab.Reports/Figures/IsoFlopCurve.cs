using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// A law's loss along one compute budget, C = 6ND, sampled evenly in log N, and its lowest point
/// found on that grid (law-agnostic: it needs only L(N, D), so it serves every loss law).
/// </summary>
public sealed record IsoFlopCurve(double Flops, double[] Log10Parameters, double[] Loss)
{
    public int MinimumIndex => Array.IndexOf(Loss, Loss.Min());
    public double OptimalParameters => Math.Pow(10, Log10Parameters[MinimumIndex]);
    public double MinimumLoss => Loss[MinimumIndex];

    public static IsoFlopCurve Of(IScalingLaw law, double flops, double minParameters, double maxParameters, int samples = 240)
    {
        double a = Math.Log10(minParameters), b = Math.Log10(maxParameters);
        var x = Enumerable.Range(0, samples).Select(i => a + (b - a) * i / (samples - 1)).ToArray();
        var y = x.Select(lx =>
        {
            var n = Math.Pow(10, lx);
            return law.Loss(new Parameters(n), new Tokens(flops / (6 * n))).Value;
        }).ToArray();
        return new IsoFlopCurve(flops, x, y);
    }

    /// <summary>The compute-optimal size for the budget: a coarse scan, then golden-section refinement in log N.</summary>
    public static (double Parameters, double Loss) Optimum(IScalingLaw law, double flops, double minParameters, double maxParameters)
    {
        var coarse = Of(law, flops, minParameters, maxParameters, 121);
        var i = coarse.MinimumIndex;
        double a = coarse.Log10Parameters[Math.Max(0, i - 1)], b = coarse.Log10Parameters[Math.Min(coarse.Loss.Length - 1, i + 1)];
        double L(double lx) { var n = Math.Pow(10, lx); return law.Loss(new Parameters(n), new Tokens(flops / (6 * n))).Value; }
        var g = (Math.Sqrt(5) - 1) / 2;
        while (b - a > 1e-7)
        {
            double c = b - g * (b - a), d = a + g * (b - a);
            if (L(c) < L(d)) b = d; else a = c;
        }
        var x = (a + b) / 2;
        return (Math.Pow(10, x), L(x));
    }
}
