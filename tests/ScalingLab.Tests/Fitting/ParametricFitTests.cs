using ScalingLab.Fitting;

namespace ScalingLab.Tests.Fitting;

public class ParametricFitTests
{
    // docs/scaling-laws.md Sec. 3: SciPy L-BFGS-B over the 4,500-start grid on the 240 points reaches
    // 1.0182740178e-3 at E 1.8172, alpha 0.3473, beta 0.3672 (A 477.8, B 2143).
    [Fact]
    public void Figure4RefitReachesTheSciPyMinimumAndConstants()
    {
        var fit = ParametricFit.Fit(RepoData.Fig4Dropped5.Points, new ParametricFitOptions(Method: ParametricMethod.Grid));
        Assert.Equal(240, fit.Points);
        Assert.True(fit.Objective <= 1.018275e-3, $"objective {fit.Objective:e10}");
        Assert.Equal(1.8172, fit.E, 1.8172 * 0.005);
        Assert.Equal(0.3473, fit.Alpha, 0.3473 * 0.005);
        Assert.Equal(0.3672, fit.Beta, 0.3672 * 0.005);
        Assert.Equal(477.8, fit.A, 477.8 * 0.01);
        Assert.Equal(2143, fit.B, 2143 * 0.01);
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(4500, fit.Starts);
    }

    // A grid whose every start sits on an edge (one value per axis except alpha's two) cannot show an
    // interior start at the optimum: the diagnostic must say so, while the full grid, with hundreds of
    // starts at the optimum (measured: 353 of 4,500 within 1e-6, 27 of them among the 432 interior starts) must not warn.
    [Fact]
    public void GridEdgeWarningOnlyWhenNoInteriorStartReachesTheOptimum()
    {
        var pts = RepoData.Fig4Dropped5.Points;
        var tiny = ParametricFit.Fit(pts, new ParametricFitOptions(Grid: StartGrid.Parse("a=5:10:5,b=5:5:1,e=0:0:1,alpha=0.5:0.5:1,beta=0.5:0.5:1"), Method: ParametricMethod.Grid));
        Assert.Equal(0, tiny.Diagnostics.InteriorStartsAtOptimum);
        Assert.Equal(FitStatus.OnGridEdge, tiny.Status);
        Assert.Contains(tiny.Diagnostics.Warnings, w => w.Contains("edge of the start grid"));
        var full = ParametricFit.Fit(pts, new ParametricFitOptions(Method: ParametricMethod.Grid));
        Assert.True(full.Diagnostics.InteriorStartsAtOptimum >= 10, $"{full.Diagnostics.InteriorStartsAtOptimum} interior starts at the optimum");
        Assert.DoesNotContain(full.Diagnostics.Warnings, w => w.Contains("edge of the start grid"));
        Assert.Equal(FitStatus.Converged, full.Status);
    }
}
