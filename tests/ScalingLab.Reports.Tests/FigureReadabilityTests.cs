using System.Globalization;
using System.Text.RegularExpressions;
using ScalingLab.Reports.Figures;
using ScalingLab.Units;

namespace ScalingLab.Reports.Tests;

/// <summary>
/// What makes a figure readable at a glance, checked on the drawn output: model sizes labelled in
/// parameters on a log axis, budgets on a colour scale with its bar, the legend outside the data.
/// </summary>
public class FigureReadabilityTests
{
    private static readonly Lazy<ScottPlot.Plot> Drawn = new(() =>
    {
        var plt = FitPlot.Build(FitPlotTests.SyntheticFit());
        plt.GetImage(1000, 720);
        return plt;
    });

    [Fact]
    public void Size_axis_is_labelled_in_parameters()
    {
        var labels = Drawn.Value.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.Contains("1B", labels);
        Assert.Contains(labels, l => l.EndsWith('M'));
        Assert.DoesNotContain(labels, l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v < 20);
    }

    [Fact]
    public void Legend_and_colour_bar_sit_outside_the_data()
    {
        var plt = Drawn.Value;
        var svg = plt.GetSvgXml(1000, 720);
        plt.GetImage(1000, 720);
        var data = plt.LastRender.DataRect;
        var legend = TextPosition(svg, "compute-optimal frontier");
        Assert.True(legend.Y > data.Bottom, $"legend text at y={legend.Y}, data area ends at {data.Bottom}");
        var bar = TextPosition(svg, "compute budget C (FLOPs)");
        Assert.True(bar.X > data.Right, $"colour bar label at x={bar.X}, data area ends at {data.Right}");
    }

    [Fact]
    public void Log_ticks_pick_readable_sets()
    {
        var ticks = new LogTicks(v => QuantityFormat.Count(v));
        string[] Major(double lo, double hi, double px) => ticks.For(lo, hi, px, 64).Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["100M", "200M", "500M", "1B", "2B", "5B", "10B"], Major(8, 10, 800));
        Assert.Equal(["100M", "1B", "10B", "100B"], Major(8, 11, 250));
        // Less than a factor of two: evenly spaced values, still in parameters.
        var narrow = Major(Math.Log10(1.2e9), Math.Log10(1.8e9), 800);
        Assert.True(narrow.Length >= 3, string.Join(",", narrow));
        Assert.All(narrow, l => Assert.EndsWith("B", l));
        // Thirty decades on a short axis: every k-th decade, never crowded.
        var wide = ticks.For(0, 30, 300, 64).Where(t => t.IsMajor).ToList();
        Assert.InRange(wide.Count, 2, 5);
    }

    [Fact]
    public void Budget_colours_run_along_one_scale()
    {
        var colors = new BudgetColors([1e18, 1e20, 1e22]);
        Assert.NotEqual(colors.For(1e18), colors.For(1e22));
        Assert.Equal(colors.For(1e18), colors.For(1e17));
        var mid = colors.For(1e20);
        Assert.NotEqual(mid, colors.For(1e18));
        Assert.NotEqual(mid, colors.For(1e22));
    }

    internal static (double X, double Y) TextPosition(string svg, string text)
    {
        // translate(x y), or matrix(a b c d x y) for rotated text: the last two numbers place the text.
        foreach (Match m in Regex.Matches(svg, "<text transform=\"(?:translate|matrix)\\(([^)]*)\\)\"[^>]*>([^<]*)</text>"))
            if (m.Groups[2].Value.Contains(text))
            {
                var n = m.Groups[1].Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                return (n[^2], n[^1]);
            }
        throw new Xunit.Sdk.XunitException($"no text '{text}' in the SVG");
    }
}
