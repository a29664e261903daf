namespace ScalingLab.Cli.Tests;

/// <summary>`fit` on training logs: a folder of Hugging Face runs fits; unknown shapes and missing columns are one-line errors.</summary>
public sealed class FitLogsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("scalinglab-fitlogs-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Folder_of_trainer_states_fits()
    {
        var truth = Laws.LawCatalog.Get("besiroglu2024");
        foreach (var (name, n) in new[] { ("r60m", 6e7), ("r120m", 1.2e8), ("r250m", 2.5e8), ("r500m", 5e8) })
        {
            var run = Directory.CreateDirectory(Path.Combine(dir, "runs", name)).FullName;
            var steps = Enumerable.Range(1, 8).Select(i => i * 500).ToList();
            var history = string.Join(",\n", steps.Select(s => $$"""{ "step": {{s}}, "eval_loss": {{truth.Loss(new(n), new(s * 262144.0)).Value}}, "num_input_tokens_seen": {{s * 262144.0}} }"""));
            File.WriteAllText(Path.Combine(run, "trainer_state.json"), $$"""{ "global_step": 4000, "log_history": [ {{history}} ] }""");
        }
        var r = CliRunner.Run("fit", Path.Combine(dir, "runs"), "--params", "1e8", "--approach", "3");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("32 points", r.Out);
        Assert.Contains("read 4 run(s)", r.Out);
        Assert.Contains("loss 'eval_loss', tokens 'num_input_tokens_seen'", r.Out);
    }

    [Fact]
    public void Unknown_log_shape_is_one_line()
    {
        var path = Path.Combine(dir, "state.json");
        File.WriteAllText(path, """{ "epochs": 3 }""");
        var r = CliRunner.Run("fit", path);
        r.AssertBadInput("FILE");
        Assert.Contains("no log_history", r.Err);
    }

    [Fact]
    public void Mapping_to_a_missing_column_is_one_line()
    {
        var path = Path.Combine(dir, "log.csv");
        File.WriteAllText(path, "iter,val\n100,3.9\n200,3.6\n");
        var r = CliRunner.Run("fit", path, "--loss-column", "eval/loss", "--step-column", "iter", "--params", "1e8", "--tokens-per-step", "65536");
        r.AssertBadInput("--loss-column");
        Assert.Contains("no such column", r.Err);
    }
}
