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

    // Issue 12 item 5: the curve of a real run (a 119K-parameter model on Brown texts, 205K tokens: 5.13 at the first
    // log, 2.24 at the end, validation 3.11 at 10K tokens) must not spend most of the height on the first steps.
    [Fact]
    public void Loss_axis_spans_where_the_run_spends_its_time_and_tokens_are_logarithmic()
    {
        var points = Enumerable.Range(1, 80).Select(i =>
        {
            var tokens = i * 2560.0;
            var loss = 2.2 + 0.9 * Math.Exp(-tokens / 60000) + 2.0 * Math.Exp(-tokens / 2500);
            return new LossPoint(tokens, loss, i % 4 == 0 ? loss + 0.01 : null);
        }).ToList();
        var figure = LossCurveFigure.Build(points, "Loss curve");
        var limits = figure.Plot.Axes.GetLimits();
        var first = points[0].TrainLoss;
        var last = points[^1].TrainLoss;
        var firstVal = points.First(p => p.ValLoss is not null).ValLoss!.Value;
        Assert.True(limits.Top < first, $"top {limits.Top:0.00} reaches the first step's {first:0.00}");
        Assert.True(limits.Top >= firstVal, $"top {limits.Top:0.00} cuts off the first validation point {firstVal:0.00}");
        Assert.True(limits.Bottom < last && last - limits.Bottom < 0.1 * (limits.Top - limits.Bottom), "the end of the run does not sit near the bottom");
        // Log10 of tokens: 2,560 to 204,800 tokens span about two decades.
        Assert.InRange(limits.Left, Math.Log10(2560) - 0.1, Math.Log10(2560));
        Assert.InRange(limits.Right, Math.Log10(204800), Math.Log10(204800) + 0.1);
        Assert.Contains("lie above it", figure.Caption);
    }
}
