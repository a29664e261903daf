using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// The look every figure shares: DejaVu Sans (Debian's fonts-dejavu-core; ScottPlot's default
/// resolved to a serif face, and with no font installed it draws no text at all, docs/dotnet.md),
/// a readable title, faint grid lines and dark axis text.
/// </summary>
public static class PlotStyle
{
    public const string FontName = "DejaVu Sans";

    /// <summary>Colours for the few named series of a figure (Okabe and Ito's colour-blind-safe set).</summary>
    public static readonly Color Highlight = Color.FromHex("#D55E00");
    public static readonly Color Secondary = Color.FromHex("#0072B2");
    public static readonly Color Tertiary = Color.FromHex("#009E73");
    public static readonly Color Quaternary = Color.FromHex("#CC79A7");
    public static readonly Color Muted = Color.FromHex("#555555");

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plt = new Plot();
        plt.Font.Set(FontName);
        plt.Title(title);
        plt.Axes.Title.Label.FontSize = 17;
        plt.Axes.Title.Label.Bold = false;
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.Axes.Bottom.Label.FontSize = 14;
        plt.Axes.Left.Label.FontSize = 14;
        plt.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plt.Axes.Left.TickLabelStyle.FontSize = 12;
        plt.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plt.Grid.MinorLineColor = Colors.Black.WithAlpha(0.03);
        plt.Grid.MinorLineWidth = 1;
        return plt;
    }

    /// <summary>A legend beside or below the data area, never over it.</summary>
    public static void LegendOutside(Plot plt, Edge edge = Edge.Bottom)
    {
        var panel = plt.ShowLegend(edge);
        panel.Legend.FontSize = 12;
        panel.Legend.OutlineWidth = 0;
        panel.Legend.ShadowFillStyle.Color = Colors.Transparent;
        panel.Legend.BackgroundColor = Colors.White;
    }
}
