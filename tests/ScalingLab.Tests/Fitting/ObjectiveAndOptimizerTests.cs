using ScalingLab.Fitting;

namespace ScalingLab.Tests.Fitting;

public class ObjectiveAndOptimizerTests
{
    private static readonly double[] Besiroglu = [6.17795598, 7.64273236, 0.59711196, 0.34781303, 0.36585412];

    // The analytic gradient against central differences (step 1e-6, truncation error ~1e-12 relative),
    // at Besiroglu et al.'s constants and at a start far from the optimum where most residuals pass delta.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientMatchesFiniteDifferences(bool simd)
    {
        var f = new HuberLseObjective(RepoData.Fig4Dropped5.Points, 1e-3, simd);
        foreach (var x0 in new[] { Besiroglu, [5.0, 10.0, 0.5, 0.5, 1.0] })
        {
            var g = new double[5];
            f.Evaluate(x0, g);
            GradientCheck.Matches(x => f.Evaluate(x, new double[5]), x0, g, h: 1e-6, relative: 1e-6, absolute: 1e-9);
        }
    }

    // The SIMD path (unshifted log-sum-exp) and the scalar path (max-shifted) compute the same value
    // and gradient to rounding, also where the unshifted sum overflows (a = 800) or underflows
    // (all terms below e^-745) and the SIMD path must fall back to the shifted loop.
    [Theory]
    [InlineData(6.17795598, 7.64273236, 0.59711196, 0.34781303, 0.36585412)]
    [InlineData(800, 5, 0, 0, 0.3)]
    [InlineData(-800, -800, -800, 0, 0)]
    public void SimdAndScalarAgree(double a, double b, double e, double alpha, double beta)
    {
        double[] x = [a, b, e, alpha, beta];
        var pts = RepoData.Fig4Dropped5.Points;
        var (gs, gv) = (new double[5], new double[5]);
        var fs = new HuberLseObjective(pts, 1e-3, simd: false).Evaluate(x, gs);
        var fv = new HuberLseObjective(pts, 1e-3, simd: true).Evaluate(x, gv);
        Assert.True(double.IsFinite(fv));
        Assert.Equal(fs, fv, Math.Max(1e-12, 1e-12 * Math.Abs(fs)));
        for (var i = 0; i < 5; i++) Assert.Equal(gs[i], gv[i], Math.Max(1e-12, 1e-12 * Math.Abs(gs[i])));
    }

    private sealed class Rosenbrock : IObjective
    {
        public int Dimension => 2;
        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            var (a, b) = (1 - x[0], x[1] - x[0] * x[0]);
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }
    }

    // Rosenbrock's valley from (-1.2, 1): the classic test of a quasi-Newton method; the minimum is (1, 1).
    // L-BFGS-B needs ~35 iterations here; a broken line search or two-loop recursion needs hundreds or fails.
    [Fact]
    public void LbfgsSolvesRosenbrockToTheGradientTolerance()
    {
        var x = new[] { -1.2, 1.0 };
        var r = new Lbfgs(2).Minimize(new Rosenbrock(), x, new LbfgsOptions(Factr: 0, Pgtol: 1e-8));
        Assert.Equal(LbfgsStatus.ConvergedGradient, r.Status);
        Assert.Equal(1, x[0], 1e-6);
        Assert.Equal(1, x[1], 1e-6);
        Assert.InRange(r.Iterations, 20, 80);
    }
}
