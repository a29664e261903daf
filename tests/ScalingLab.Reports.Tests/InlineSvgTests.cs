using ScalingLab.Reports.Html;

namespace ScalingLab.Reports.Tests;

public class InlineSvgTests
{
    private const string Raw = """
        <?xml version="1.0" encoding="utf-8" ?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="900" height="500">
        <clipPath id="cl_4"><rect x="0" y="0" width="10" height="10"/></clipPath>
        <g clip-path="url(#cl_4)"><use xlink:href="#img_0"/></g>
        <text transform="translate(1 2)" x="-3.5, 4.25, " y="8.4, ">ab</text>
        </svg>
        """;

    [Fact]
    public void Ids_are_prefixed_and_glyph_lists_repaired()
    {
        var svg = InlineSvg.From(Raw, "isoflop", "IsoFLOP \"curves\" & more");
        Assert.DoesNotContain("<?xml", svg);
        Assert.Contains("id=\"isoflop-cl_4\"", svg);
        Assert.Contains("url(#isoflop-cl_4)", svg);
        Assert.Contains("xlink:href=\"#isoflop-img_0\"", svg);
        Assert.Contains("x=\"-3.5, 4.25\"", svg);
        Assert.Contains("y=\"8.4\"", svg);
        Assert.Contains("viewBox=\"0 0 900 500\"", svg);
        Assert.Contains("aria-label=\"IsoFLOP &quot;curves&quot; &amp; more\"", svg);
    }

    [Fact]
    public void Text_is_escaped()
    {
        Assert.Equal("&lt;b&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/b&gt;", HtmlText.Escape("<b>a & \"b\" 'c'</b>"));
        Assert.Equal("ab", HtmlText.Escape("a\u0000\u001bb"));
        Assert.Equal("fig-1", HtmlText.Name("Fig 1!"));
    }
}
