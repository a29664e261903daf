namespace ScalingLab.Cli.Tests;

public class PlanCommandTests
{
    [Fact]
    public void Plan_json_has_the_contract_keys_and_the_oracle_numbers()
    {
        var r = CliRunner.Run("plan", "--budget", "5.76e23", "--law", "hoffmann2022", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal("hoffmann2022", (string)j["law"]!);
        Assert.Equal(3.219e10, (double)j["parameters"]!, 0.0005e10);
        Assert.Equal(2.982e12, (double)j["tokens"]!, 0.0005e12);
        Assert.Equal(5.76e23, (double)j["flops"]!, 1e15);
        Assert.Equal(92.65, (double)j["tokensPerParameter"]!, 2);
        Assert.Equal(1.93075, (double)j["loss"]!, 5);
        Assert.Equal("sixN", (string)j["flopConvention"]!);
        Assert.True((double)j["kaplan"]!["lossUnderLaw"]! > (double)j["loss"]!);
    }

    [Fact]
    public void Default_law_is_besiroglu_and_the_table_shows_both_eras()
    {
        var r = CliRunner.Run("plan", "--budget", "5.76e23");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("besiroglu2024", r.Out);
        Assert.Contains("Kaplan 2020 frontier", r.Out);
        Assert.Contains("18.4", r.Out);   // tokens per parameter
        Assert.Contains("sixN", r.Out);
        Assert.Contains("warning: the budget is 192x", r.Out);
    }

    [Theory]
    [InlineData("--params", "7B", "parameters", 7e9)]
    [InlineData("--tokens", "1.4T", "tokens", 1.4e12)]
    [InlineData("--target-loss", "2.1", "loss", 2.1)]
    [InlineData("--budget", "120 PF-days", "flops", 120 * 8.64e19)]
    public void Each_question_keeps_what_was_asked_and_lands_on_the_compute_optimal_frontier(string option, string value, string key, double asked)
    {
        var r = CliRunner.Run("plan", option, value, "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal(asked, (double)j[key]!, asked * 1e-9);
        double n = (double)j["parameters"]!, d = (double)j["tokens"]!, c = (double)j["flops"]!;
        Assert.Equal(6 * n * d, c, c * 1e-9);
        // The same budget asked directly is the same model: every question meets the one frontier.
        var direct = CliRunner.Run("plan", "--budget", c.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--json").Json;
        Assert.Equal(n, (double)direct["parameters"]!, n * 1e-6);
        Assert.Equal(d, (double)direct["tokens"]!, d * 1e-6);
    }

    [Fact]
    public void Target_loss_json_reaches_the_target()
    {
        var r = CliRunner.Run("plan", "--target-loss", "2.1", "--json");
        Assert.Equal(2.1, (double)r.Json["loss"]!, 8);
    }

    [Fact]
    public void Exact_convention_changes_the_answer_and_says_so()
    {
        var six = CliRunner.Run("plan", "--budget", "1e22", "--json").Json;
        var exact = CliRunner.Run("plan", "--budget", "1e22", "--flops-convention", "exact", "--json").Json;
        Assert.Equal("exact", (string)exact["flopConvention"]!);
        Assert.NotEqual((double)six["parameters"]!, (double)exact["parameters"]!);
    }

    [Fact]
    public void A_fitted_law_file_is_accepted_by_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"law-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"name":"mine","family":"chinchilla","constants":{"E":1.69,"A":406.4,"B":410.7,"alpha":0.34,"beta":0.28},"source":{"paper":"fitted","where":"runs.csv","year":2026}}""");
        try
        {
            var r = CliRunner.Run("plan", "--law", path, "--budget", "5.76e23", "--json");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("mine", (string)r.Json["law"]!);
            Assert.Equal(3.219e10, (double)r.Json["parameters"]!, 0.0005e10);
        }
        finally { File.Delete(path); }
    }
}
