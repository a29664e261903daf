using ScottPlot;
using ScottPlot.Panels;
using ScalingLab.Units;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// A continuous colour scale for compute budgets: log10 of the budget mapped onto a perceptually
/// uniform colormap (viridis without its pale yellow end, which vanishes on white), drawn with a
/// colour bar labelled in FLOPs, so thirty budgets read as thirty shades of one scale instead of
/// ten repeating colours with no key. Any quantity spread over decades can use the same scale
/// (model sizes, with their own tick labels).
/// </summary>
public sealed class BudgetColors : IHasColorAxis
{
    // The part of viridis used: dark violet to green, all legible on a white page.
    private const double ColormapEnd = 0.85;
    private readonly double lo, hi;

    public BudgetColors(IEnumerable<double> budgets)
    {
        var logs = budgets.Where(b => b > 0 && double.IsFinite(b)).Select(Math.Log10).ToList();
        if (logs.Count == 0) throw new ArgumentException("expected at least one positive budget", nameof(budgets));
        (lo, hi) = (logs.Min(), logs.Max());
        // One budget, or budgets within a hair of each other: a scale a decade wide around them.
        if (hi - lo < 1e-6) (lo, hi) = (lo - 0.5, hi + 0.5);
    }

    public IColormap Colormap { get; set; } = new Truncated(new ScottPlot.Colormaps.Viridis(), ColormapEnd);

    public ScottPlot.Range GetRange() => new(lo, hi);

    public Color For(double budget) => Colormap.GetColor(Math.Clamp((Math.Log10(budget) - lo) / (hi - lo), 0, 1));

    /// <summary>The colour bar on the right of the plot, ticks in FLOPs (1e20, 3e20, 1e21) unless <paramref name="tickLabel"/> says otherwise.</summary>
    public ColorBar AddColorBar(Plot plt, string label = "compute budget C (FLOPs)", Func<double, string>? tickLabel = null)
    {
        var bar = plt.Add.ColorBar(this);
        bar.Label = label;
        bar.LabelStyle.FontSize = 13;
        bar.Axis.TickLabelStyle.FontSize = 12;
        bar.Axis.TickGenerator = new LogTicks(tickLabel ?? (v => QuantityFormat.Scientific(v, 2))) { MinimumSpacing = 24 };
        bar.Width = 18;
        return bar;
    }

    private sealed class Truncated(IColormap inner, double end) : IColormap
    {
        public string Name => inner.Name;
        public Color GetColor(double position) => inner.GetColor(Math.Clamp(position, 0, 1) * end);
    }
}
