using ScalingLab.Fitting;
using ScalingLab.Reports.Figures;

namespace ScalingLab.Reports.Tests;

/// <summary>The fit report's own figures: the residual axis and the frontier on a synthetic sweep drawn from a known law.</summary>
public class FitFigureTests
{
    // The figure-4 data's residuals under its own fit: 237 of 245 within ±2%, the five worst +30%, +22%, +11%, +8%, -3.5%
    // (lines 3, 2, 5, 4, 246). The axis must show the 237 spread out, not squeezed into a line by the +30%.
    [Fact]
    public void Residual_axis_keeps_the_bulk_readable_and_puts_far_runs_on_its_edge()
    {
        var bulk = Enumerable.Range(0, 240).Select(i => 2.0 * Math.Sin(i * 0.7)).ToList();
        var span = FitFigures.ResidualSpan([.. bulk, 30.14, 21.91, 10.95, 8.10, -3.5]);
        Assert.InRange(span, 2.0, 4.0);
        // Without far runs the axis holds every run, a little beyond the largest.
        Assert.Equal(1.1 * bulk.Max(Math.Abs), FitFigures.ResidualSpan(bulk), 1e-12);
        // A perfect fit still gets an axis half a percent each way.
        Assert.Equal(0.5, FitFigures.ResidualSpan([0.0, 0.01, -0.02]));
    }

    [Fact]
    public void Frontier_and_residuals_come_from_the_fit_they_draw()
    {
        // The synthetic sweep's fit: 24 runs drawn from a known law with 1% noise, bootstrapped.
        var report = SyntheticSweep.Snapshot.Analysis.Parametric;
        var points = report.Table.Points;
        var frontier = FitFigures.Frontier(report, new Units.Flops(1e23));
        Assert.Equal("frontier", frontier.Id);
        Assert.Contains("5.76e23", FitFigures.Frontier(report, BootstrapOptions.DefaultBudget).Caption);
        var residuals = Residual.Of(report);
        Assert.Equal(points.Count, residuals.Count);
        // Points drawn from the law with a little noise: the fitted law leaves them within a few percent.
        Assert.All(residuals, r => Assert.InRange(r.Percent, -4, 4));
        Assert.All(residuals, r => Assert.Equal(r.Point.Loss.Value / r.Fitted - 1, r.Percent / 100, 1e-12));
        Assert.Contains("median |residual|", FitFigures.Residuals(report).Caption);
    }
}
