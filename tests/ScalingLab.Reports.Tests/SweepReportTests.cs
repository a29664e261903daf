using System.Text.RegularExpressions;

namespace ScalingLab.Reports.Tests;

/// <summary>The sweep's page as built from a sweep: its sections in order, its figures, its tables, escaping, and the verification or the command that makes one.</summary>
public class SweepReportTests
{
    private static readonly ReportOrigin Origin = ReportOrigin.Now("scalinglab sweep analyze /sweeps/synthetic --report s.html");

    [Fact]
    public void The_page_has_every_part_in_order()
    {
        var html = SweepReport.Build(SyntheticSweep.Snapshot, Origin);
        var headings = Regex.Matches(html, "<h2>([^<]*)</h2>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["The answer", "The design", "The runs", "The fit", "The prediction", "Verification", "How this was made"], headings);
        var figures = Regex.Matches(html, "<figure id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["fig-design", "fig-curves", "fig-fit", "fig-optimal-size", "fig-loss-forecast"], figures);
        Assert.Contains("Sweep synthetic &lt;sweep&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("b4-s6", html);
        Assert.Contains("Held-out budget", html);
        Assert.Contains("Inside the interval", html);
        Assert.Contains("verify-9e11", html);
        Assert.Contains("Approach 3 (headline)", html);
    }

    [Fact]
    public void Without_a_verification_run_the_page_says_how_to_make_one()
    {
        var html = SweepReport.Build(SyntheticSweep.Make(verified: false), Origin);
        Assert.Contains("No verification run yet", html);
        Assert.Contains("scalinglab sweep verify /sweeps/synthetic --budget 9e11", html);
        Assert.DoesNotContain("Inside the interval", html);
    }

    [Fact]
    public void A_fit_that_is_no_law_is_said_and_draws_no_optimum()
    {
        var s = SyntheticSweep.Make(verified: false, biggerIsWorse: true);
        Assert.False(Tables.FitTables.IsLaw(s.Analysis.Parametric.Parametric!));
        var html = SweepReport.Build(s, Origin);
        Assert.Contains("no scaling law", html);
        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("predicted optimum at the target", html);
        Assert.Equal(5, Regex.Matches(html, "<figure id=").Count);
    }
}
