using SkiaSharp;

namespace ScalingLab.Cli.Tests.Browser;

/// <summary>
/// What every report's browser test checks: the page opens with no problem reported, prints to
/// PDF, and leaves a screenshot and the PDF in <see cref="Screenshots.Folder"/>; each figure is laid
/// out at a readable size with drawn shapes, text and a numbered caption, and shows ink on the screenshot.
/// </summary>
public static class ReportCheck
{
    public static async Task<(BrowserPage Page, IReadOnlyList<RenderedFigure> Figures, SKBitmap Shot)> Open(Chromium browser, string file, string name)
    {
        var page = await browser.Open(file);
        var figures = await page.Figures();
        var png = await page.Screenshot();
        Screenshots.Save(name + ".png", png);
        var pdf = await page.Print();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Screenshots.Save(name + ".pdf", pdf);
        Assert.Empty(page.Problems());
        return (page, figures, SKBitmap.Decode(png));
    }

    public static void AssertDrawn(SKBitmap shot, RenderedFigure f)
    {
        Assert.True(f.Width >= 600 && f.Height >= 150, $"{f.Id} is laid out at {f.Width}x{f.Height}");
        Assert.True(f.Shapes >= 10, $"{f.Id} has {f.Shapes} shapes");
        Assert.True(f.Texts >= 5, $"{f.Id} has {f.Texts} text labels");
        Assert.True(f.Caption.StartsWith("Figure "), $"{f.Id} has no numbered caption");
        var ink = BrowserPage.Ink(shot, f);
        Assert.True(ink > 0.02, $"{f.Id} is blank on the screenshot ({ink:P1} ink)");
    }
}
