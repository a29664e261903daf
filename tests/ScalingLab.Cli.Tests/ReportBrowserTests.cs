using ScalingLab.Cli.Tests.Browser;
using SkiaSharp;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// The HTML reports as a reader sees them: written by the real command, opened in headless
/// Chromium, with no console error, exception, error log entry or outside request while loading;
/// every figure laid out at a readable size with drawn shapes and text, and ink in its box on the
/// screenshot; the page printable to PDF. Screenshots and PDFs go to artifacts/screenshots.
/// </summary>
public sealed class ReportBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("scalinglab-report-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private Task<(BrowserPage Page, IReadOnlyList<RenderedFigure> Figures, SKBitmap Shot)> Open(string name, params string[] args)
    {
        var browser = fixture.Browser();
        var file = Path.Combine(dir, name + ".html");
        var r = CliRunner.Run([.. args, "--report", file]);
        Assert.True(r.ExitCode == 0, r.Err);
        return ReportCheck.Open(browser, file, name);
    }

    private static void AssertDrawn(SKBitmap shot, RenderedFigure f) => ReportCheck.AssertDrawn(shot, f);

    [SkippableFact]
    public async Task Plan_report_on_a_cluster_renders_every_figure()
    {
        var (page, figures, shot) = await Open("plan-report", "plan", "--gpus", "256xH100", "--days", "30", "--instance", "p5.48xlarge");
        Assert.Equal(["fig-isoflop", "fig-memory", "fig-schedule"], figures.Select(f => f.Id));
        foreach (var f in figures) AssertDrawn(shot, f);
        var sections = (string)(await page.Evaluate("[...document.querySelectorAll('section > h2')].map(h => h.textContent).join('|')"))!;
        Assert.Equal("The answer|The law and its source|IsoFLOP curves around the optimum|Hardware, time, cost and energy|Training schedule|Assumptions and warnings", sections);
        var text = (string)(await page.Evaluate("document.body.innerText"))!;
        foreach (var expected in new[] { "48.3B", "906B", "$1.27M", "142 MWh", "Kaplan 2020", "0.3 (0.75x)", "TP 1 x PP 1 x DP 256", "Besiroglu et al. 2024", "extrapolation" })
            Assert.Contains(expected, text);
        await page.Close();
    }

    [SkippableFact]
    public async Task Plan_report_of_a_model_that_does_not_fit_shows_the_largest_that_does()
    {
        var (page, figures, shot) = await Open("plan-report-nofit", "plan", "--budget", "1e23", "--gpus", "8xA100-40GB");
        foreach (var f in figures) AssertDrawn(shot, f);
        var legend = (string)(await page.Evaluate("[...document.querySelectorAll('#fig-isoflop text, #fig-memory text')].map(t => t.textContent).join(' ')"))!;
        Assert.Contains("largest model that fits", legend);
        Assert.Contains("largest that fits", legend);
        await page.Close();
    }

    [SkippableFact]
    public async Task Vision_plan_report_renders()
    {
        var (page, figures, _) = await Open("plan-report-vision", "plan", "--modality", "vision", "--vit", "L/14", "--gmacs", "3e12", "--dataset-images", "2B");
        Assert.Empty(figures);
        Assert.Contains("L/14", (string)(await page.Evaluate("document.body.innerText"))!);
        await page.Close();
    }

    // The checks above must be able to fail: a page that logs an error, carries an SVG attribute the
    // browser rejects, and asks for something over the network.
    [SkippableFact]
    public async Task The_browser_check_sees_errors_broken_svg_and_requests()
    {
        var browser = fixture.Browser();
        var file = Path.Combine(dir, "bad.html");
        await File.WriteAllTextAsync(file, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head><body>
            <svg width="100" height="40"><rect width="wide" height="20"/></svg>
            <img src="http://127.0.0.1:9/figure.png" alt="">
            <script>console.error("report script failed");</script>
            </body></html>
            """);
        var page = await browser.Open(file);
        var problems = page.Problems();
        Assert.Contains(problems, p => p.Contains("report script failed"));
        Assert.Contains(problems, p => p.StartsWith("request: http://127.0.0.1:9/figure.png"));
        Assert.Contains(problems, p => p.Contains("attribute width", StringComparison.OrdinalIgnoreCase));
        await page.Close();
    }
}
