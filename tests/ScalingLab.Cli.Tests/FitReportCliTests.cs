using System.Globalization;
using System.Text.RegularExpressions;
using ScalingLab.Cli.Tests.Browser;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// `fit ... --report fit.html` on the Chinchilla figure-4 data (data/chinchilla-fig4-epoch.csv): the
/// page in headless Chromium (no problem reported, every figure drawn, the law Besiroglu et al.
/// refitted, the backtest per method), JSON that stays JSON beside a report, and report paths that
/// would overwrite an input or cannot be written refused before the fit runs.
/// </summary>
public sealed partial class FitReportCliTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("scalinglab-fit-report-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [SkippableFact]
    public async Task The_fit_report_renders_every_figure_with_the_refitted_law_and_the_backtest()
    {
        var chromium = browser.Browser();
        var file = Path.Combine(dir, "fit-report.html");
        var r = CliRunner.Run("fit", FitData.Fig4, "--drop-top", "5", "--bootstrap", "200", "--seed", "1", "--backtest", "2", "--report", file);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.EndsWith($"Report written to {file}", r.Out.TrimEnd());
        var (page, figures, shot) = await ReportCheck.Open(chromium, file, "fit-report");
        Assert.Equal(["fig-fit", "fig-frontier", "fig-residuals"], figures.Select(f => f.Id));
        foreach (var f in figures) ReportCheck.AssertDrawn(shot, f);
        var sections = (string)(await page.Evaluate("[...document.querySelectorAll('section > h2')].map(h => h.textContent).join('|')"))!;
        Assert.Equal("The answer|The data|The fitted laws|IsoFLOP parabolas|The compute-optimal frontier|Residuals|Backtest|Diagnostics|How this was made", sections);

        // The law on the page is the refit of the 240 points that docs/scaling-laws.md Sec. 3 pins with SciPy:
        // E 1.8172, A 477.8, B 2143, alpha 0.3473, beta 0.3672.
        var formula = (string)(await page.Evaluate("document.querySelector('#laws .formula').textContent"))!;
        var c = Formula().Match(formula);
        Assert.True(c.Success, formula);
        double At(int i) => double.Parse(c.Groups[i].Value, CultureInfo.InvariantCulture);
        Assert.Equal(1.8172, At(1), 0.002);
        Assert.Equal(477.8, At(2), 477.8 * 0.01);
        Assert.Equal(0.3473, At(3), 0.002);
        Assert.Equal(2143, At(4), 2143 * 0.01);
        Assert.Equal(0.3672, At(5), 0.002);

        // The data table has one row per budget group; the backtest one row per held-out budget and method, then each method's record.
        var rows = (string)(await page.Evaluate("[...document.querySelectorAll('#backtest table')].map(t => t.tBodies[0].rows.length).join(',')"))!;
        Assert.Equal("6,3", rows);
        var budgets = (double)(await page.Evaluate("document.querySelector('#data table').tBodies[0].rows.length"))!;
        Assert.Equal(30, budgets);
        var text = (string)(await page.Evaluate("document.body.innerText"))!;
        foreach (var expected in new[] { "240 runs", "dropped the 5 highest-loss points", "200 of 200 resamples converged", "Approach 2, weighted", "2.61e21 FLOPs", "(default)", "scalinglab fit" })
            Assert.Contains(expected, text);
        // Approach 2's exponent, Hoffmann et al. Table 2: 0.49 (0.462, 0.534); ours on this data within [0.45, 0.55].
        var a2 = A2Exponent().Match(text);
        Assert.True(a2.Success);
        Assert.InRange(double.Parse(a2.Groups[1].Value, CultureInfo.InvariantCulture), 0.45, 0.55);
        // The residual figure's legend names the runs beyond its axis, and the frontier has Approach 3's band.
        var legends = (string)(await page.Evaluate("[...document.querySelectorAll('#fig-frontier text, #fig-residuals text')].map(t => t.textContent).join(' ')"))!;
        Assert.Contains("95% bootstrap band", legends);
        Assert.Contains("the fitted law (zero residual)", legends);
        await page.Close();
    }

    [Fact]
    public void Json_stays_json_beside_the_report_and_the_page_is_self_contained()
    {
        var file = Path.Combine(dir, "fit.html");
        var r = CliRunner.Run("fit", FitData.Fig4, "--approach", "2", "--json", "--report", file);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.NotNull(r.Json["approach2"]);
        var html = File.ReadAllText(file);
        // Approach 2 alone: the data, the parabolas and the frontier, no residuals (they belong to Approach 3's law).
        Assert.Equal(2, html.Split("<figure ").Length - 1);
        Assert.Contains("Approach 2: IsoFLOP parabolas", html);
        foreach (var outside in new[] { "<script", "<link", "@import", "@font-face", "src=\"http", "url(http" })
            Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_report_that_would_overwrite_an_input_is_refused_before_the_fit()
    {
        // The data under an .html name, and a link to it: both are the input, by name and through the link.
        var data = Path.Combine(dir, "runs.html");
        File.Copy(FitData.Fig4, data);
        var before = File.ReadAllText(data);
        var same = CliRunner.Run("fit", data, "--report", data);
        same.AssertBadInput("--report");
        Assert.Contains("also an input", same.Err);
        var link = Path.Combine(dir, "link.html");
        File.CreateSymbolicLink(link, data);
        // 5,000 resamples would take minutes: the refusal comes before any of them.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var linked = CliRunner.Run("fit", data, "--bootstrap", "5000", "--report", link);
        linked.AssertBadInput("--report");
        Assert.Contains("is an input of this command", linked.Err);
        Assert.True(clock.Elapsed.TotalSeconds < 30, $"refused after {clock.Elapsed.TotalSeconds:0} s");
        Assert.Equal(before, File.ReadAllText(data));
    }

    [Theory]
    [InlineData("fit.txt", "expected a file ending in .html or .htm")]
    [InlineData("missing/fit.html", "does not exist")]
    public void Bad_report_paths_are_one_line_errors(string name, string message)
    {
        var r = CliRunner.Run("fit", FitData.Fig4, "--report", Path.Combine(dir, name));
        r.AssertBadInput("--report");
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void The_saturating_form_refuses_a_report()
    {
        var r = CliRunner.Run("fit", FitData.Fig4, "--form", "saturating", "--report", Path.Combine(dir, "sat.html"));
        r.AssertBadInput("--report");
        Assert.Contains("only with --form chinchilla", r.Err);
    }

    [GeneratedRegex(@"L\(N, D\) = ([0-9.]+) \+ ([0-9.]+) / N\^([0-9.]+) \+ ([0-9.]+) / D\^([0-9.]+)")]
    private static partial Regex Formula();

    [GeneratedRegex(@"Approach 2: IsoFLOP parabolas\s+([0-9.]+)")]
    private static partial Regex A2Exponent();
}
