namespace ScalingLab.Cli.Tests;

/// <summary>`--report` without a browser: what is written, and the bad paths refused before any work.</summary>
public sealed class ReportOptionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("scalinglab-report-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Plan_report_is_one_self_contained_page()
    {
        var file = Path.Combine(dir, "plan.html");
        var r = CliRunner.Run("plan", "--budget", "5.76e23", "--report", file);
        Assert.Equal(0, r.ExitCode);
        Assert.EndsWith($"Report written to {file}", r.Out.TrimEnd());
        var html = File.ReadAllText(file);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(2, CountOf(html, "<svg "));
        // Nothing to fetch: no scripts, style sheets, fonts or images from elsewhere.
        foreach (var outside in new[] { "<script", "<link", "@import", "@font-face", "src=\"http", "url(http" })
            Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
        // Each figure's SVG ids carry its prefix, so no two figures share a clip path.
        Assert.Contains("id=\"isoflop-cl_", html);
        Assert.Contains("url(#schedule-cl_", html);
        Assert.Contains("scalinglab plan --budget 5.76e23 --report", html);
    }

    [Fact]
    public void Json_output_stays_json_with_a_report()
    {
        var file = Path.Combine(dir, "plan.html");
        var r = CliRunner.Run("plan", "--budget", "1e21", "--json", "--report", file);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(1e21, (double)r.Json["flops"]!, 1e15);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void Law_names_and_sources_are_escaped()
    {
        var law = Path.Combine(dir, "law.json");
        File.WriteAllText(law, """
            { "name": "<img src=x onerror=alert(1)>", "family": "chinchilla",
              "constants": { "E": 1.8, "A": 480, "B": 2000, "alpha": 0.35, "beta": 0.36 },
              "source": { "paper": "Team & Co <b>2026</b>", "where": "run \"7\"", "year": 2026 } }
            """);
        var file = Path.Combine(dir, "plan.html");
        Assert.Equal(0, CliRunner.Run("plan", "--law", law, "--budget", "1e21", "--report", file).ExitCode);
        var html = File.ReadAllText(file);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>2026", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("Team &amp; Co &lt;b&gt;2026&lt;/b&gt;", html);
    }

    [Theory]
    [InlineData("plan.txt", "expected a file ending in .html or .htm")]
    [InlineData("missing/plan.html", "does not exist")]
    public void Bad_report_paths_are_one_line_errors(string name, string message)
    {
        var r = CliRunner.Run("plan", "--budget", "1e21", "--report", Path.Combine(dir, name));
        r.AssertBadInput("--report");
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void The_report_never_overwrites_an_input()
    {
        var law = Path.Combine(dir, "law.html");
        File.WriteAllText(law, """{ "name": "mine", "family": "chinchilla", "constants": { "E": 1.8, "A": 480, "B": 2000, "alpha": 0.35, "beta": 0.36 }, "source": { "paper": "p", "where": "w", "year": 2026 } }""");
        var before = File.ReadAllText(law);
        var r = CliRunner.Run("plan", "--law", law, "--budget", "1e21", "--report", law);
        r.AssertBadInput("--report");
        Assert.Contains("also an input", r.Err);
        Assert.Equal(before, File.ReadAllText(law));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
