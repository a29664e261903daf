using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Reports;
using SkiaSharp;

namespace ScalingLab.Reports.Tests;

public class FitPlotTests
{
    // docs/dotnet.md: with no fonts ScottPlot still writes a PNG but draws no text at all. The title
    // band above the data area must therefore hold dark (text) pixels; a missing font leaves it white.
    /// <summary>Seven sizes at each of three budgets, drawn from besiroglu2024, fitted by Approaches 2 and 3.</summary>
    internal static FitReport SyntheticFit()
    {
        var truth = (ChinchillaLaw)LawCatalog.Get("besiroglu2024");
        var runs = new List<RunPoint>();
        foreach (var c in new[] { 1e19, 1e20, 1e21 })
            for (var k = -3; k <= 3; k++)
            {
                var n = 3e8 * Math.Pow(c / 1e19, 0.5) * Math.Pow(2, k);
                var d = c / (6 * n);
                runs.Add(RunPoint.Of(n, d, truth.Loss(new(n), new(d)).Value));
            }
        var table = new RunTable("synthetic.csv", runs, []);
        return Fitter.Fit(table, new FitRequest(Approaches.IsoFlop | Approaches.Parametric,
            new ParametricFitOptions(Grid: StartGrid.Parse("a=5:5:1,b=5:10:5,e=0:0:1,alpha=0.5:0.5:1,beta=0.5:0.5:1"))));
    }

    [Fact]
    public void PlotDrawsDataAndText()
    {
        var report = SyntheticFit();
        var path = Path.Combine(Path.GetTempPath(), $"fitplot-{Guid.NewGuid():N}.png");
        try
        {
            FitPlot.Save(report, path, 800, 600);
            using var bmp = SKBitmap.Decode(path);
            Assert.Equal(800, bmp.Width);
            Assert.True(Pixels.Dark(bmp, 0, 0, bmp.Width, 30) > 100, "no title text drawn: is a font (DejaVu Sans, fonts-dejavu-core) installed?");
            Assert.True(Pixels.Dark(bmp, 0, 30, bmp.Width, 600) > 2000, "no data or frontier drawn");
        }
        finally { File.Delete(path); }
    }
}

