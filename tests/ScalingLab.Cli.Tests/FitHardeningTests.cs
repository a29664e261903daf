using System.Diagnostics;
using System.Globalization;

namespace ScalingLab.Cli.Tests;

/// <summary>Issue 13's classes for `fit`: fits that are not laws, data that is not a run table, outputs that would destroy or fail late, stops.</summary>
public class FitHardeningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fit-hardening-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    // 24 runs on a 6 x 4 grid of (N, D) drawn from besiroglu2024's constants (docs/scaling-laws.md Sec. 3).
    private string GoodRuns() => Write("good.csv", ["params,tokens,loss", .. (
        from n in new[] { 1e7, 3e7, 1e8, 3e8, 1e9, 3e9 }
        from d in new[] { 1e9, 1e10, 1e11, 1e12 }
        select Inv($"{n},{d},{1.8172 + 482.01 / Math.Pow(n, 0.3478) + 2085.43 / Math.Pow(d, 0.3658):0.######}"))]);

    // Loss that rises with N: a fit gives alpha < 0, which is no law. Refused with one line, nothing written.
    [Fact]
    public void LossRisingWithSizeIsRefusedAndNoLawIsWritten()
    {
        var runs = Write("rising.csv", ["params,tokens,loss", .. (
            from n in new[] { 1e7, 3e7, 1e8, 3e8, 1e9, 3e9 }
            from d in new[] { 1e9, 1e10, 1e11 }
            select Inv($"{n},{d},{1.5 + 0.02 * Math.Pow(n, 0.1) + 300 / Math.Pow(d, 0.3):0.######}"))]);
        var law = Path.Combine(_dir, "law.json");
        var r = CliRunner.Run("fit", runs, "--approach", "3", "--out", law, "--json");
        Assert.Equal(2, r.ExitCode);
        var last = r.Err.Trim().Split('\n')[^1];
        Assert.StartsWith("error: FILE:", last);
        Assert.Contains("alpha", last);
        Assert.Contains("must be positive", last);
        Assert.Equal("", r.Out);
        Assert.False(File.Exists(law));
    }

    // Thirty copies of one row are one point, not thirty: Approach 3 needs five distinct (N, D).
    [Fact]
    public void IdenticalRowsCountAsOnePoint()
    {
        var runs = Write("same.csv", ["params,tokens,loss", .. Enumerable.Repeat("1e8,2e9,3.1", 30)]);
        var r = CliRunner.Run("fit", runs, "--approach", "3");
        r.AssertBadInput("FILE");
        Assert.Contains("1 distinct (N, D) point in 30 runs", r.Err);
    }

    [Fact]
    public void DuplicatedColumnIsNamed()
    {
        var runs = Write("dup.csv", "params,tokens,loss,Loss", "1e8,2e9,3.1,3.2");
        var r = CliRunner.Run("fit", runs);
        r.AssertBadInput("FILE");
        Assert.Contains("the column 'Loss' appears twice in the header (columns 3 and 4)", r.Err);
    }

    // A flops column read as GMACs, or a loss read as an error, would fit nonsense: say what was found.
    [Fact]
    public void SaturatingNeedsTheColumnOfItsComputeUnitAndAnErrorColumn()
    {
        var lines = Enumerable.Range(0, 8).Select(i => Inv($"{Math.Pow(10, 18 + i)},{5.86 * Math.Pow(Math.Pow(10, 9 + i), -0.11):0.######}")).ToArray();
        var flops = Write("flops.csv", ["flops,error", .. lines]);
        var r = CliRunner.Run("fit", flops, "--form", "saturating");
        r.AssertBadInput("FILE");
        Assert.Contains("--compute-unit is gmacs but the compute column 'flops' holds flops: give --compute-unit flops", r.Err);
        Assert.Equal(0, CliRunner.Run("fit", flops, "--form", "saturating", "--compute-unit", "flops").ExitCode);
        var loss = Write("loss.csv", ["gmacs,loss", .. lines]);
        var l = CliRunner.Run("fit", loss, "--form", "saturating");
        l.AssertBadInput("FILE");
        Assert.Contains("the column 'loss' is a loss: fit it with --form chinchilla", l.Err);
    }

    [Theory]
    [InlineData("--budget-tolerance", "-0.05")]
    [InlineData("--budget-tolerance", "0")]
    [InlineData("--backtest", "-1")]
    [InlineData("--bootstrap", "-3")]
    public void NegativeAndZeroSettingsAreRefused(string flag, string value) =>
        CliRunner.Run("fit", GoodRunsStatic, flag, value).AssertBadInput(flag);

    private static string GoodRunsStatic => Path.Combine(AppContext.BaseDirectory, "no-such-runs.csv");

    // Output paths are checked before the fit: exit 2 with one line (no progress line was written, so no fit ran).
    [Fact]
    public void OutputsThatWouldDestroyOrFailLateAreRefusedFirst()
    {
        var runs = GoodRuns();
        var before = File.ReadAllText(runs);
        CliRunner.Run("fit", runs, "--out", runs).AssertBadInput("--out");
        Assert.Equal(before, File.ReadAllText(runs));
        CliRunner.Run("fit", runs, "--out", Path.Combine(_dir, "relative", "..", "good.csv")).AssertBadInput("--out");
        CliRunner.Run("fit", runs, "--out", Path.Combine(_dir, "missing", "law.json")).AssertBadInput("--out");
        CliRunner.Run("fit", runs, "--out", _dir).AssertBadInput("--out");
        CliRunner.Run("fit", runs, "--plot", Path.Combine(_dir, "fit.bmp")).AssertBadInput("--plot");
        CliRunner.Run("fit", runs, "--plot", Path.Combine(_dir, "missing", "fit.png")).AssertBadInput("--plot");
        Assert.Single(Directory.GetFiles(_dir));
    }

    // A law written by fit is read back by plan; a law file whose exponent is 1e-12 or negative is refused on load.
    [Fact]
    public void LawFilesAreCheckedOnLoad()
    {
        var law = Path.Combine(_dir, "law.json");
        Assert.Equal(0, CliRunner.Run("fit", GoodRuns(), "--approach", "3", "--grid", "alpha=0:1:0.5,beta=0:1:0.5", "--out", law).ExitCode);
        Assert.Equal(0, CliRunner.Run("plan", "--law", law, "--budget", "1e21").ExitCode);
        var text = File.ReadAllText(law);
        var tiny = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(tiny, System.Text.RegularExpressions.Regex.Replace(text, "\"alpha\": [0-9.eE+-]+", "\"alpha\": 1e-12"));
        var r = CliRunner.Run("plan", "--law", tiny, "--budget", "1e21");
        r.AssertBadInput("--law");
        Assert.Contains("1e15 to 1e30 FLOPs", r.Err);
        var negative = Path.Combine(_dir, "negative.json");
        File.WriteAllText(negative, System.Text.RegularExpressions.Regex.Replace(text, "\"beta\": [0-9.eE+-]+", "\"beta\": -0.3"));
        CliRunner.Run("plan", "--law", negative, "--budget", "1e21").AssertBadInput("--law");
    }

    // Ctrl-C in the middle of a long bootstrap: the process stops at once with exit 130 and writes nothing.
    [Fact]
    public void SigintStopsAFitAtOnceAndWritesNothing()
    {
        var law = Path.Combine(_dir, "law.json");
        var dll = Path.Combine(AppContext.BaseDirectory, "scalinglab.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "fit", FitData.Fig4, "--drop-top", "5", "--approach", "3", "--bootstrap", "1000000", "--out", law })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string? line;
        while ((line = p.StandardError.ReadLine()) is not null && !line.Contains("bootstrap")) { }
        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        var rest = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), "the fit did not stop within 30 s of SIGINT");
        Assert.Equal(130, p.ExitCode);
        Assert.Contains("interrupted by SIGINT", rest);
        Assert.Equal("", stdout.Result);
        Assert.False(File.Exists(law));
    }
}
