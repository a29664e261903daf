using ScalingLab.Laws;

namespace ScalingLab.Tests;

/// <summary>
/// The one finite-difference check every analytic gradient in the tests goes through: central
/// differences (truncation error O(h^2)) in each coordinate, compared with the analytic value to
/// max(absolute, relative x |analytic|), and a failure message that names the coordinate and both values.
/// </summary>
public static class GradientCheck
{
    /// <summary>The gradient <paramref name="analytic"/> of <paramref name="f"/> at <paramref name="x"/>.</summary>
    public static void Matches(Func<double[], double> f, double[] x, double[] analytic, double h, double relative, double absolute = 0)
    {
        Assert.Equal(x.Length, analytic.Length);
        for (var i = 0; i < x.Length; i++)
        {
            var up = (double[])x.Clone(); up[i] += h;
            var down = (double[])x.Clone(); down[i] -= h;
            var numeric = (f(up) - f(down)) / (2 * h);
            var tolerance = Math.Max(absolute, relative * Math.Abs(analytic[i]));
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance,
                $"coordinate {i} at [{string.Join(", ", x.Select(v => v.ToString("g6")))}]: analytic {analytic[i]:e8}, central difference {numeric:e8} (tolerance {tolerance:e2})");
        }
    }

    /// <summary>A law's gradient of the loss in (ln N, ln D) at (<paramref name="n"/>, <paramref name="d"/>).</summary>
    public static void LogGradientMatches(IScalingLaw law, double n, double d, double h, double relative, double absolute = 0)
    {
        var (gn, gd) = law.LogGradient(new(n), new(d));
        Matches(x => law.Loss(new(Math.Exp(x[0])), new(Math.Exp(x[1]))).Value, [Math.Log(n), Math.Log(d)], [gn, gd], h, relative, absolute);
    }
}
