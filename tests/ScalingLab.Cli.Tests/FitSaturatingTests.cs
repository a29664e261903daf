using System.Globalization;

namespace ScalingLab.Cli.Tests;

public class FitSaturatingTests
{
    // Runs drawn from Cherti et al. 2023's OpenCLIP ImageNet law E = 5.86 C^-0.11 (C in total GMACs).
    private static string WriteRuns()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.csv");
        var lines = Enumerable.Range(0, 12).Select(i =>
        {
            var c = Math.Pow(10, 9 + 4.0 * i / 11);
            return string.Create(CultureInfo.InvariantCulture, $"{c:R},{5.86 * Math.Pow(c, -0.11):R}");
        });
        File.WriteAllLines(path, ["gmacs,error", .. lines]);
        return path;
    }

    [Fact]
    public void Fits_writes_a_law_and_plan_uses_it()
    {
        var runs = WriteRuns();
        var law = Path.ChangeExtension(runs, ".law.json");
        try
        {
            var r = CliRunner.Run("fit", runs, "--form", "saturating", "--out", law, "--json");
            Assert.Equal(0, r.ExitCode);
            var j = r.Json;
            Assert.Equal(12, (int)j["points"]!);
            Assert.True((double)j["rmsLogResidual"]! < 1e-4);
            Assert.Equal("gmacs", (string)j["computeUnit"]!);
            // The saved law predicts what the data's law does at a target error: 5.86 C^-0.11 = 0.3.
            var plan = CliRunner.Run("plan", "--modality", "vision", "--law", law, "--vit", "B/16", "--target-error", "0.3", "--json");
            Assert.Equal(0, plan.ExitCode);
            Assert.Equal(Math.Pow(0.3 / 5.86, -1 / 0.11), (double)plan.Json["totalGmacs"]!, Math.Pow(0.3 / 5.86, -1 / 0.11) * 0.01);
        }
        finally { File.Delete(runs); File.Delete(law); }
    }

    [Theory]
    [InlineData("--bootstrap", "--bootstrap", "10")]
    [InlineData("--plot", "--plot", "x.png")]
    [InlineData("--compute-unit", "--compute-unit", "pflops")]
    public void Options_it_cannot_honour_are_refused(string field, params string[] extra)
    {
        var runs = WriteRuns();
        try { CliRunner.Run(["fit", runs, "--form", "saturating", .. extra]).AssertBadInput(field); }
        finally { File.Delete(runs); }
    }

    [Fact]
    public void Unknown_form_is_refused() =>
        CliRunner.Run("fit", "x.csv", "--form", "cubic").AssertBadInput("--form");
}
