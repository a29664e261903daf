using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>Legend entries written by hand, for figures that draw many series of one kind and key them once.</summary>
public static class LegendKey
{
    public static LegendItem Marker(string text, MarkerShape shape, Color color, float size = 9) => new()
    {
        LabelText = text,
        LineColor = Colors.Transparent,
        LineWidth = 0,
        MarkerShape = shape,
        MarkerFillColor = color,
        MarkerLineColor = color,
        MarkerSize = size,
    };

    public static LegendItem Line(string text, Color color, float width) => new()
    {
        LabelText = text,
        LineColor = color,
        LineWidth = width,
        MarkerShape = MarkerShape.None,
        MarkerSize = 0,
    };
}
