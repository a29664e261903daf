using System.Text.RegularExpressions;

namespace ScalingLab.Reports.Html;

/// <summary>
/// Makes ScottPlot's SVG fit to sit in an HTML page beside other figures:
/// its ids (clip paths, the colour bar's image) get the figure's prefix, since an HTML document
/// has one id namespace and <c>url(#cl_4)</c> would otherwise find another figure's clip;
/// glyph position lists lose the trailing comma Skia writes (<c>x="1.5, 9.2, "</c>), which SVG's
/// grammar for a list of lengths does not allow (Chromium tolerates it; a stricter renderer need not);
/// the size becomes a viewBox so the figure scales with the page.
/// </summary>
public static partial class InlineSvg
{
    public static string From(string svg, string id, string label)
    {
        var prefix = Safe(id) + "-";
        svg = Standalone(svg);
        svg = IdAttribute().Replace(svg, m => $"id=\"{prefix}{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        svg = HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
        svg = XmlDeclaration().Replace(svg, "");
        var open = SvgOpen().Match(svg);
        if (!open.Success) throw new FormatException("not an SVG document");
        var w = open.Groups["w"].Value;
        var h = open.Groups["h"].Value;
        var tag = $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {w} {h}\" "
            + $"width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{HtmlText.Attribute(label)}\" preserveAspectRatio=\"xMidYMid meet\">";
        return svg[..open.Index] + tag + svg[(open.Index + open.Length)..];
    }

    /// <summary>ScottPlot's SVG with its glyph positions repaired, as a file of its own.</summary>
    public static string Standalone(string svg) =>
        GlyphPositions().Replace(svg, m => $" {m.Groups[1].Value}=\"{TrailingSeparators().Replace(m.Groups[2].Value, "")}\"");

    private static string Safe(string id) => Regex.Replace(id.ToLowerInvariant(), "[^a-z0-9-]", "-");

    [GeneratedRegex("<\\?xml[^>]*\\?>\\s*")] private static partial Regex XmlDeclaration();
    [GeneratedRegex("<svg\\b[^>]*?\\bwidth=\"(?<w>[0-9.]+)\"[^>]*?\\bheight=\"(?<h>[0-9.]+)\"[^>]*>")] private static partial Regex SvgOpen();
    [GeneratedRegex("\\bid=\"([^\"]+)\"")] private static partial Regex IdAttribute();
    [GeneratedRegex("url\\(#([^)]+)\\)")] private static partial Regex UrlReference();
    [GeneratedRegex("\\b(xlink:href|href)=\"#([^\"]+)\"")] private static partial Regex HrefReference();
    [GeneratedRegex(" (x|y|dx|dy)=\"([^\"]*,[^\"]*)\"")] private static partial Regex GlyphPositions();
    [GeneratedRegex("[,\\s]+$")] private static partial Regex TrailingSeparators();
}
