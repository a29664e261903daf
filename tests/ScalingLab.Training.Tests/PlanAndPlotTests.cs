using ScalingLab.Planning;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Training.Loop;
using ScalingLab.Training.Plot;
using ScalingLab.Units;
using SkiaSharp;

namespace ScalingLab.Training.Tests;

public class PlanAndPlotTests
{
    [Fact]
    public void BudgetPlanForATinyByteLevelModelSpendsTheBudget()
    {
        // What `train --budget 1e13` on byte-level data trains: the plan pipeline's answer at vocabulary 256, context 256.
        var plan = Planner.Language(new PlanRequest(new PlanQuestion.ComputeOptimal(new Flops(1e13)), new ResolvedLaw.LossLaw(LawCatalog.Default),
            Shape: new ShapeOptions(256, 256)));
        Assert.Equal(1e13, 6 * plan.Parameters.Value * plan.Tokens.Value, 1e13 * 1e-12);
        // Chinchilla's rule of thumb (about 20 tokens per parameter) at this budget: N ≈ sqrt(C/120) ≈ 2.9e5.
        Assert.InRange(ParameterCount.Total(plan.Shape.Shape), 1.5e5, 6e5);
        Assert.Equal(256, plan.Shape.Shape.Vocab);
    }

    [Fact]
    public void LossCurveDrawsItsTitleAndLabels()
    {
        var points = Enumerable.Range(1, 50).Select(i => new MetricPoint(i, i * 1000.0, 5.5 * Math.Exp(-i / 20.0) + 1.5, 1e-3, 1e4, i,
            i % 10 == 0 ? 5.5 * Math.Exp(-i / 20.0) + 1.6 : null)).ToList();
        var path = Path.Combine(TestData.TempFolder("plot"), "loss.png");
        LossCurve.SavePng(points, "Loss curve", path);
        using var bmp = SKBitmap.Decode(path);
        Assert.Equal(900, bmp.Width);
        // With no usable font ScottPlot still writes the PNG but draws no text (docs/dotnet.md): the title
        // band above the plot area must hold dark pixels, and so must the y label's band at the far left.
        Assert.True(DarkPixels(bmp, 300, 0, 600, 30) > 50, "no title drawn");
        Assert.True(DarkPixels(bmp, 0, 150, 25, 400) > 50, "no y-axis label drawn");
    }

    private static int DarkPixels(SKBitmap bmp, int x0, int y0, int x1, int y1)
    {
        var n = 0;
        for (var y = y0; y < y1; y++)
            for (var x = x0; x < x1; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 200) n++;
            }
        return n;
    }
}
