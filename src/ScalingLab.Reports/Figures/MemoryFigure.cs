using ScalingLab.Hardware;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// Per-device training memory of a layout as one stacked bar (weights, gradients, optimizer
/// states, activations) against the device's capacity, with a second bar for the largest model
/// that fits when the plan's does not.
/// </summary>
public static class MemoryFigure
{
    private static readonly (string Name, Color Color)[] Parts =
    [
        ("weights", PlotStyle.Secondary),
        ("gradients", Color.FromHex("#56B4E9")),
        ("optimizer states", PlotStyle.Tertiary),
        ("activations", Color.FromHex("#E69F00")),
    ];

    /// <param name="bars">Each bar's label and layout, top to bottom.</param>
    public static Figure Build(string accelerator, IReadOnlyList<(string Label, LayoutChoice Choice)> bars)
    {
        if (bars.Count == 0) throw new ArgumentException("expected at least one layout", nameof(bars));
        var plt = PlotStyle.New($"Memory per device on {accelerator}", "GB per device", "");
        var capacity = bars[0].Choice.DeviceMemoryBytes / 1e9;
        for (var p = 0; p < Parts.Length; p++)
        {
            var series = new List<Bar>();
            for (var i = 0; i < bars.Count; i++)
            {
                var m = bars[i].Choice.Memory;
                double[] gb = [m.Weights / 1e9, m.Gradients / 1e9, m.OptimizerStates / 1e9, m.Activations / 1e9];
                var start = gb.Take(p).Sum();
                series.Add(new Bar { Position = bars.Count - 1 - i, ValueBase = start, Value = start + gb[p], FillColor = Parts[p].Color, LineWidth = 0, Size = 0.6 });
            }
            var plot = plt.Add.Bars(series);
            plot.Horizontal = true;
            plot.LegendText = Parts[p].Name;
        }
        var line = plt.Add.VerticalLine(capacity);
        line.Color = PlotStyle.Highlight;
        line.LineWidth = 2.5f;
        line.LegendText = $"device memory ({capacity:0.#} GB)";

        var most = Math.Max(capacity, bars.Max(b => b.Choice.Memory.Total / 1e9));
        plt.Axes.SetLimits(0, most * 1.08, -0.6, bars.Count - 0.4);
        plt.Axes.Left.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)(bars.Count - 1 - i)).ToArray(), bars.Select(b => b.Label).ToArray());
        plt.Axes.Left.MajorTickStyle.Length = 0;
        plt.Grid.YAxisStyle.IsVisible = false;
        PlotStyle.LegendOutside(plt);
        var caption = "Training memory per device in the layout found, by part (16-bit weights and gradients, fp32 Adam states "
            + "under the layout's ZeRO stage, activations per Korthikanti et al. 2022); the orange line is the device's memory. "
            + "Framework buffers and fragmentation are not counted.";
        return new Figure("memory", caption, plt, 960, 220 + 70 * bars.Count);
    }
}
