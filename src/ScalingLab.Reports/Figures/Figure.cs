using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// One figure of a report: the plot, the size it is drawn at, and what a reader needs to read it.
/// <see cref="Id"/> names it in the page (and keeps its SVG's internal ids apart from the others').
/// </summary>
public sealed record Figure(string Id, string Caption, Plot Plot, int Width = 960, int Height = 560)
{
    /// <summary>The figure as an SVG document, ready to sit inside an HTML page (see <see cref="Html.InlineSvg"/>).</summary>
    public string InlineSvg() => Html.InlineSvg.From(Plot.GetSvgXml(Width, Height), Id, Caption);

    /// <summary>The image formats <see cref="Save"/> writes, by file extension.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".svg"];

    /// <summary>Writes PNG or SVG by the file's extension (for slides), through a temporary file and a rename; any other extension is refused.</summary>
    public void Save(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new Units.InputException("plot", path, "expected a file ending in .png or .svg");
        if (extension == ".svg") IO.OutputPath.WriteAllText(path, Html.InlineSvg.Standalone(Plot.GetSvgXml(Width, Height)));
        else IO.OutputPath.Write(path, temp => File.WriteAllBytes(temp, Plot.GetImageBytes(Width, Height, ImageFormat.Png)));
    }
}
