using ScalingLab.Reports.Figures;
using SkiaSharp;

namespace ScalingLab.Reports.Tests;

public class LossCurveTests
{
    [Fact]
    public void Loss_curve_draws_its_title_labels_and_both_series()
    {
        var points = Enumerable.Range(1, 50).Select(i => new LossPoint(i * 1000.0, 5.5 * Math.Exp(-i / 20.0) + 1.5,
            i % 10 == 0 ? 5.5 * Math.Exp(-i / 20.0) + 1.6 : null)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"losscurve-{Guid.NewGuid():N}", "loss.png");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            LossCurveFigure.Build(points, "Loss curve").Save(path);
            using var bmp = SKBitmap.Decode(path);
            Assert.Equal((900, 540), (bmp.Width, bmp.Height));
            Assert.True(Pixels.Dark(bmp, 300, 0, 600, 30) > 50, "no title drawn");
            Assert.True(Pixels.Dark(bmp, 0, 150, 25, 400) > 50, "no y-axis label drawn");
            // The training line is drawn in the house style's secondary colour, the validation markers in its highlight.
            var colours = new HashSet<SKColor>();
            for (var y = 40; y < 540; y++)
                for (var x = 60; x < 900; x++)
                    colours.Add(bmp.GetPixel(x, y));
            foreach (var c in new[] { PlotStyle.Secondary, PlotStyle.Highlight })
                Assert.Contains(new SKColor(c.R, c.G, c.B, c.A), colours);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }
}
