using MathNet.Numerics.Distributions;
using ScalingLab.Allocation;

namespace ScalingLab.Fitting;

/// <summary>
/// y = k x^p fitted by least squares in log-log space, with t-based intervals on k and p
/// (ordinary least squares: the slope's standard error is s/√Σ(ln x - mean)²).
/// </summary>
public sealed record PowerLaw(double Coefficient, double Exponent, Interval CoefficientInterval, Interval ExponentInterval,
    double RSquared, int Points)
{
    public double At(double x) => Coefficient * Math.Pow(x, Exponent);

    public static PowerLaw Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence = 0.95)
    {
        var n = x.Count;
        if (n < 2) throw new ArgumentException("a power law needs at least two points");
        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(v)).ToArray();
        var mx = lx.Average();
        var my = ly.Average();
        var sxx = lx.Sum(v => (v - mx) * (v - mx));
        var sxy = lx.Zip(ly, (u, v) => (u - mx) * (v - my)).Sum();
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        var sse = lx.Zip(ly, (u, v) => Math.Pow(v - intercept - slope * u, 2)).Sum();
        var sst = ly.Sum(v => (v - my) * (v - my));
        // With two points there are no residual degrees of freedom: the intervals are unknown (NaN).
        var dof = n - 2;
        var t = dof > 0 ? StudentT.InvCDF(0, 1, dof, 1 - (1 - confidence) / 2) : double.NaN;
        var s = dof > 0 ? Math.Sqrt(sse / dof) : double.NaN;
        var seSlope = s / Math.Sqrt(sxx);
        var seIntercept = s * Math.Sqrt(1.0 / n + mx * mx / sxx);
        return new PowerLaw(Math.Exp(intercept), slope,
            new Interval(Math.Exp(intercept - t * seIntercept), Math.Exp(intercept + t * seIntercept)),
            new Interval(slope - t * seSlope, slope + t * seSlope),
            sst > 0 ? 1 - sse / sst : 1, n);
    }
}
