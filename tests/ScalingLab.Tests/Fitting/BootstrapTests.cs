using ScalingLab.Allocation;
using ScalingLab.Fitting;

namespace ScalingLab.Tests.Fitting;

public class BootstrapTests
{
    private static readonly Lazy<(RunTable Table, ParametricFitResult Fit)> Fig4 = new(() =>
    {
        var t = RepoData.Fig4Dropped5;
        return (t, ParametricFit.Fit(t.Points));
    });

    // docs/scaling-laws.md Sec. 3: Epoch's 95% intervals from 4,000 resamples: alpha (0.317, 0.373),
    // beta (0.331, 0.415), E (1.769, 1.871). 1,000 resamples land within Monte-Carlo error of those;
    // docs/dotnet.md: with loose tolerances warm starts stop at once and alpha's interval shrinks to ~0.002.
    [Fact]
    public void Figure4IntervalsMatchEpochAndEveryResampleConverged()
    {
        var (t, fit) = Fig4.Value;
        var b = Bootstrap.Run(t.Points, fit, new BootstrapOptions(1000, Seed: 0, GridChecks: 1));
        Assert.Equal(0.317, b.Intervals.Alpha.Low, 0.006);
        Assert.Equal(0.373, b.Intervals.Alpha.High, 0.006);
        Assert.Equal(0.331, b.Intervals.Beta.Low, 0.008);
        Assert.Equal(0.415, b.Intervals.Beta.High, 0.008);
        Assert.Equal(1.769, b.Intervals.E.Low, 0.01);
        Assert.Equal(1.871, b.Intervals.E.High, 0.01);
        Assert.Equal(1000, b.ConvergedResamples);
        Assert.True(b.Proven, $"grid gap {b.GridCheckMaxRelativeGap}");
        // The point estimate lies inside its own interval for the derived quantities.
        var opt = ClosedForm.ComputeOptimal(fit.ToLaw("f", new("f", "", 0)), b.Budget);
        Assert.InRange(opt.Parameters.Value, b.Intervals.NOpt.Low, b.Intervals.NOpt.High);
        Assert.InRange(opt.TokensPerParameter, b.Intervals.TokensPerParameter.Low, b.Intervals.TokensPerParameter.High);
    }

    // Same seed, same intervals (the draws are made before the parallel loop).
    [Fact]
    public void BootstrapIsReproducibleBySeed()
    {
        var (t, fit) = Fig4.Value;
        var a = Bootstrap.Run(t.Points, fit, new BootstrapOptions(50, Seed: 7, GridChecks: 0));
        var b = Bootstrap.Run(t.Points, fit, new BootstrapOptions(50, Seed: 7, GridChecks: 0));
        var c = Bootstrap.Run(t.Points, fit, new BootstrapOptions(50, Seed: 8, GridChecks: 0));
        Assert.Equal(a.Intervals.Alpha, b.Intervals.Alpha);
        Assert.NotEqual(a.Intervals.Alpha, c.Intervals.Alpha);
    }
}
