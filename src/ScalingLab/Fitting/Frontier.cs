using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>What a method predicts at a budget: the compute-optimal size and the loss there.</summary>
public readonly record struct FrontierPoint(double OptimalParameters, double OptimalLoss);

/// <summary>
/// A fitted compute-optimal frontier, whatever estimator made it: N*(C) and L*(C). Approach 2's
/// come from the IsoFLOP vertices (plain or weighted by their uncertainty), Approach 3's from the law.
/// </summary>
public abstract record Frontier(BacktestMethod Method)
{
    public abstract FrontierPoint At(double flops);

    /// <summary>Approach 2's frontier through the usable vertices of <paramref name="profiles"/>; null with fewer than 3 budgets.</summary>
    public static Frontier? Vertices(IReadOnlyList<IsoFlopProfile> profiles, bool weighted)
    {
        var used = profiles.Where(p => p.Used).ToList();
        // Three different budgets at least (a resample can draw one budget several times).
        if (used.Select(p => p.Flops).Distinct().Count() < 3) return null;
        var lnC = used.Select(p => Math.Log(p.Flops)).ToArray();
        var lnN = used.Select(p => Math.Log(p.OptimalParameters!.Value.Value)).ToArray();
        var loss = used.Select(p => p.MinimumLoss!.Value.Value).ToArray();
        double[] wN, wL;
        if (weighted)
        {
            var sN = used.Select(p => Floor(p.LogOptimumError)).ToArray();
            var sL = used.Select(p => Floor(p.MinimumLossError)).ToArray();
            wN = RandomEffects(lnC, lnN, sN);
            wL = RandomEffects(lnC, loss, sL);
        }
        else wN = wL = Enumerable.Repeat(1.0, used.Count).ToArray();
        var (b0, b1) = Line(lnC, lnN, wN);
        return new VertexFrontier(weighted ? BacktestMethod.Approach2Weighted : BacktestMethod.Approach2, b0, b1,
            LossFrontier.Fit(used.Select(p => p.Flops).ToArray(), loss, wL));
    }

    public static Frontier Law(ChinchillaLaw law) => new LawFrontier(law);

    // A vertex whose error is unknown or zero (a perfect parabola) gets a small floor, so one budget cannot take all the weight.
    private static double Floor(double? se) => se is { } v && double.IsFinite(v) && v > 1e-6 ? v : 1e-6;

    /// <summary>
    /// Weights 1/(σ_i² + τ²) for a straight line through (x, y) with known errors σ_i, τ² estimated by the
    /// method of moments (DerSimonian and Laird's, for a regression): the scatter beyond the vertices' own errors.
    /// </summary>
    private static double[] RandomEffects(double[] x, double[] y, double[] s)
    {
        var w = s.Select(v => 1 / (v * v)).ToArray();
        var (b0, b1) = Line(x, y, w);
        var q = Enumerable.Range(0, x.Length).Sum(i => w[i] * Math.Pow(y[i] - b0 - b1 * x[i], 2));
        var sw = w.Sum();
        var c = sw - w.Select(v => v * v).Sum() / sw;
        var tau2 = c > 0 && double.IsFinite(q) ? Math.Max(0, (q - (x.Length - 2)) / c) : 0;
        return s.Select(v => 1 / (v * v + tau2)).ToArray();
    }

    private static (double B0, double B1) Line(double[] x, double[] y, double[] w)
    {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i]; sxx += w[i] * x[i] * x[i]; sxy += w[i] * x[i] * y[i];
        }
        var b1 = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        return ((sy - b1 * sx) / sw, b1);
    }

    private sealed record VertexFrontier(BacktestMethod M, double LogK, double A, LossFrontier Loss) : Frontier(M)
    {
        public override FrontierPoint At(double flops) => new(Math.Exp(LogK + A * Math.Log(flops)), Loss.At(flops));
    }

    private sealed record LawFrontier(ChinchillaLaw L) : Frontier(BacktestMethod.Approach3)
    {
        public override FrontierPoint At(double flops)
        {
            var a = ClosedForm.ComputeOptimal(L, new Flops(flops));
            return new(a.Parameters.Value, a.Loss.Value);
        }
    }
}
