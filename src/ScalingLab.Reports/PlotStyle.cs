using ScottPlot;

namespace ScalingLab.Reports;

/// <summary>
/// The house style every plot starts from. ScottPlot's default font resolved to DejaVu Serif on
/// Debian, and with no fonts at all it writes the PNG but draws no text (docs/dotnet.md); DejaVu
/// Sans ships with Debian's fonts-dejavu-core, which .ci/install provides.
/// </summary>
public static class PlotStyle
{
    public const string FontName = "DejaVu Sans";

    /// <summary>An empty plot with the house font.</summary>
    public static Plot New()
    {
        var plt = new Plot();
        plt.Font.Set(FontName);
        return plt;
    }
}
