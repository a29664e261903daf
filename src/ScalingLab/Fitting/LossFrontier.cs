namespace ScalingLab.Fitting;

/// <summary>
/// Approach 2's loss frontier: the IsoFLOP minima L*(C) fitted by L* = E + K C^−γ (the compute-only
/// shape of the Chinchilla form along its frontier), by weighted least squares with E, K ≥ 0: for each γ
/// of a grid (0.005 to 1 in steps of 0.005) the best (E, K) is linear, and the lowest γ wins.
/// </summary>
public sealed record LossFrontier(double E, double K, double Gamma)
{
    public double At(double flops) => E + K * Math.Pow(flops, -Gamma);

    public static LossFrontier Fit(IReadOnlyList<double> flops, IReadOnlyList<double> loss, IReadOnlyList<double> weights)
    {
        LossFrontier? best = null;
        var bestSse = double.PositiveInfinity;
        for (var k = 1; k <= 200; k++)
        {
            var gamma = 0.005 * k;
            var x = flops.Select(c => Math.Pow(c, -gamma)).ToArray();
            var (e, kk) = NonNegative(x, loss, weights);
            var sse = 0.0;
            for (var i = 0; i < x.Length; i++) sse += weights[i] * Math.Pow(loss[i] - e - kk * x[i], 2);
            if (sse < bestSse) (bestSse, best) = (sse, new LossFrontier(e, kk, gamma));
        }
        // No γ gave a finite fit (weights or losses not finite): a flat frontier at the weighted mean says so without inventing a slope.
        return best ?? new LossFrontier(loss.Average(), 0, 0);
    }

    // Weighted least squares of y on (1, x) with both coefficients kept at 0 or above (the best of the feasible active sets).
    private static (double E, double K) NonNegative(double[] x, IReadOnlyList<double> y, IReadOnlyList<double> w)
    {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i]; sxx += w[i] * x[i] * x[i]; sxy += w[i] * x[i] * y[i];
        }
        var det = sw * sxx - sx * sx;
        if (det > 0)
        {
            var k = (sw * sxy - sx * sy) / det;
            var e = (sy - k * sx) / sw;
            if (k >= 0 && e >= 0) return (e, k);
        }
        (double, double) onlyE = (Math.Max(sy / sw, 0), 0);
        (double, double) onlyK = (0, Math.Max(sxy / sxx, 0));
        double Sse((double E, double K) c) => Enumerable.Range(0, x.Length).Sum(i => w[i] * Math.Pow(y[i] - c.E - c.K * x[i], 2));
        return Sse(onlyE) <= Sse(onlyK) ? onlyE : onlyK;
    }
}
