using ScalingLab.Cli.Tests.Browser;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// `sweep analyze --report` on a sweep that was designed, trained and verified here: the page in
/// headless Chromium (no problem reported, every figure drawn, the verification beside the
/// prediction), JSON that stays JSON beside a report, and bad report paths refused before any work.
/// </summary>
public sealed class SweepReportCliTests(BrowserFixture browser, CompletedSweepFixture sweep)
    : IClassFixture<BrowserFixture>, IClassFixture<CompletedSweepFixture>, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("scalinglab-sweep-report-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [SkippableFact]
    public async Task The_sweep_report_renders_every_figure_with_the_verification()
    {
        var chromium = browser.Browser();
        var file = Path.Combine(dir, "sweep-report.html");
        var r = CliRunner.Run("sweep", "analyze", sweep.Folder, "--bootstrap", "20", "--report", file);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.EndsWith($"Report written to {file}", r.Out.TrimEnd());
        var (page, figures, shot) = await ReportCheck.Open(chromium, file, "sweep-report");
        Assert.Equal(["fig-design", "fig-curves", "fig-fit", "fig-optimal-size", "fig-loss-forecast"], figures.Select(f => f.Id));
        foreach (var f in figures) ReportCheck.AssertDrawn(shot, f);
        var sections = (string)(await page.Evaluate("[...document.querySelectorAll('section > h2')].map(h => h.textContent).join('|')"))!;
        Assert.Equal("The answer|The design|The runs|The fit|The prediction|Verification|How this was made", sections);
        var text = (string)(await page.Evaluate("document.body.innerText"))!;
        foreach (var expected in new[] { "20 of 20", "b4-s5", "verify-", "Measured loss", "Inside the interval", "Approach 3" })
            Assert.Contains(expected, text);
        // The backtest holds out the largest budget: its table, or (runs this tiny rarely bracket an optimum) the line saying nothing could be scored.
        Assert.True(text.Contains("Held-out budget") || text.Contains("no prediction could be scored"), "the backtest is neither tabulated nor explained");
        await page.Close();
    }

    [Fact]
    public void Json_stays_json_beside_the_report()
    {
        var file = Path.Combine(dir, "sweep.html");
        var r = CliRunner.Run("sweep", "analyze", sweep.Folder, "--bootstrap", "20", "--json", "--report", file);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.NotNull(r.Json["prediction"]);
        var html = File.ReadAllText(file);
        Assert.Equal(5, html.Split("<figure ").Length - 1);
        foreach (var outside in new[] { "<script", "<link", "@import", "@font-face", "src=\"http", "url(http" })
            Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Bad_report_paths_are_refused_before_any_work()
    {
        var designed = sweep.Designed("bad-report");
        CliRunner.Run("sweep", "analyze", designed, "--report", Path.Combine(dir, "sweep.txt")).AssertBadInput("--report");
        var same = Path.Combine(dir, "same.html");
        var r = CliRunner.Run("sweep", "analyze", designed, "--out", same, "--report", same);
        r.AssertBadInput("--report");
        Assert.Contains("also an input", r.Err);
        Assert.False(File.Exists(same));
    }
}
