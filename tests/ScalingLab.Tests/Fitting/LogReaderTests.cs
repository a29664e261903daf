using System.Text;
using ScalingLab.Fitting.Readers;
using ScalingLab.Units;

namespace ScalingLab.Tests.Fitting;

/// <summary>Each log reader on a small file in its real format, and the bad input each refuses.</summary>
public sealed class LogReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("scalinglab-logs-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Trainer_state_folder_gives_one_curve_per_run_with_size_from_config()
    {
        Write("runs/small/config.json", LogFiles.Gpt2SmallConfig);
        Write("runs/small/trainer_state.json", LogFiles.TrainerState([3.9, 3.5, 3.3], 16384));
        // A run whose state sits in checkpoints: the longest history wins, the config is one folder up.
        Write("runs/large/config.json", LogFiles.Gpt2SmallConfig.Replace("\"n_layer\": 12", "\"n_layer\": 24").Replace("\"n_embd\": 768", "\"n_embd\": 1024").Replace("\"n_head\": 12", "\"n_head\": 16"));
        Write("runs/large/checkpoint-100/trainer_state.json", LogFiles.TrainerState([3.7], 16384));
        Write("runs/large/checkpoint-300/trainer_state.json", LogFiles.TrainerState([3.7, 3.3, 3.0], 16384));
        var table = RunLogReader.Read([Path.Combine(dir, "runs")], new LogOptions());
        Assert.Equal(6, table.Points.Count);
        var small = table.Points.Where(p => p.RunId == "small").ToList();
        Assert.Equal(124_439_808, small[0].Parameters.Value);
        Assert.Equal([3.9, 3.5, 3.3], small.Select(p => p.Loss.Value));          // eval_loss before loss
        Assert.Equal(100 * 16384, small[0].Tokens.Value);                         // num_input_tokens_seen
        Assert.Equal(6 * 124_439_808.0 * 100 * 16384, small[0].Flops.Value, 1e6);
        Assert.Equal(3, table.Points.Count(p => p.RunId == "large"));
        Assert.True(table.Points.First(p => p.RunId == "large").Parameters.Value > 3e8);
        Assert.Contains(table.Notes, n => n.Contains("loss 'eval_loss'"));

        var train = RunLogReader.Read([Path.Combine(dir, "runs")], new LogOptions(LossColumn: "loss"));
        Assert.Equal(3.95, train.Points.First(p => p.RunId == "small").Loss.Value, 9);
    }

    [Fact]
    public void TensorBoard_event_files_with_simple_values_and_tensors()
    {
        var pyTorch = LogFiles.EventFile([(100, [("eval/loss", 3.5f), ("train/lr", 3e-4f)]), (200, [("eval/loss", 3.2f)])]);
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "tb", "a")).FullName, "events.out.tfevents.1700000000.host.1.0"), pyTorch);
        var tf2 = LogFiles.EventFile([(100, [("eval/loss", 3.4f)]), (200, [("eval/loss", 3.1f)])], asTensor: true);
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "tb", "b")).FullName, "events.out.tfevents.1700000001.host.2.0"), tf2);
        var table = RunLogReader.Read([Path.Combine(dir, "tb")], new LogOptions(Parameters: 1e8, TokensPerStep: 65536));
        Assert.Equal([3.5, 3.2], table.Points.Where(p => p.RunId == "a").Select(p => Math.Round(p.Loss.Value, 5)));
        Assert.Equal([3.4, 3.1], table.Points.Where(p => p.RunId == "b").Select(p => Math.Round(p.Loss.Value, 5)));
        Assert.Equal(200 * 65536.0, table.Points.Last(p => p.RunId == "a").Tokens.Value);
    }

    [Fact]
    public void Corrupt_event_file_is_bad_input_not_garbage()
    {
        var bytes = LogFiles.EventFile([(100, [("eval/loss", 3.5f)])]);
        bytes[^6] ^= 0x40;
        var path = Path.Combine(dir, "events.out.tfevents.1.host");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InputException>(() => RunLogReader.Read([path], new LogOptions(Parameters: 1e8, TokensPerStep: 1000)));
        Assert.Contains("checksum does not match", e.Message);
        File.WriteAllBytes(path, bytes[..^3]);
        Assert.Contains("file ends", Assert.Throws<InputException>(() => RunLogReader.Read([path], new LogOptions(Parameters: 1e8, TokensPerStep: 1000))).Message);
    }

    [Fact]
    public void Wandb_history_and_chart_exports()
    {
        var history = Write("small-run.csv", "_step,_runtime,_timestamp,train/loss,eval/loss,train/tokens\n0,1.2,1700000000,10.8,,0\n500,60,1700000060,3.9,4.0,1.6e7\n1000,120,1700000120,3.5,3.55,3.2e7\n");
        var t = RunLogReader.Read([history], new LogOptions(Parameters: 1.25e8));
        Assert.Equal([4.0, 3.55], t.Points.Select(p => p.Loss.Value));
        Assert.Equal("small-run", t.Points[0].RunId);
        Assert.Equal(3.2e7, t.Points[1].Tokens.Value);

        var chart = Write("chart.csv", "Step,s125m - eval/loss,s125m - eval/loss__MIN,s125m - eval/loss__MAX,s350m - eval/loss,s350m - eval/loss__MIN,s350m - eval/loss__MAX\n500,4.0,3.9,4.1,3.8,3.7,3.9\n1000,3.6,3.5,3.7,3.3,3.2,3.4\n");
        var c = RunLogReader.Read([chart], new LogOptions(Parameters: 1e8, TokensPerStep: 32768));
        Assert.Equal(["s125m", "s350m"], c.Points.Select(p => p.RunId).Distinct());
        Assert.Equal([3.8, 3.3], c.Points.Where(p => p.RunId == "s350m").Select(p => p.Loss.Value));
    }

    [Fact]
    public void Any_table_through_column_mapping()
    {
        var path = Write("runs.jsonl", """
            {"run": "a", "n_params": 1.2e8, "iter": 100, "val": 3.9, "seen": 1.6e7}
            {"run": "a", "n_params": 1.2e8, "iter": 200, "val": 3.6, "seen": 3.2e7}
            {"run": "b", "n_params": 3.5e8, "iter": 100, "val": 3.7, "seen": 1.6e7}
            """);
        var o = new LogOptions(LossColumn: "val", ParametersColumn: "n_params", TokensColumn: "seen", StepColumn: "iter", RunColumn: "run");
        var t = RunLogReader.Read([path], o);
        Assert.Equal(3, t.Points.Count);
        Assert.Equal(3.5e8, t.Points.Single(p => p.RunId == "b").Parameters.Value);
        Assert.Equal(3.2e7, t.Points[1].Tokens.Value);

        var missing = Assert.Throws<InputException>(() => RunLogReader.Read([path], o with { LossColumn = "eval/loss" }));
        Assert.Equal("lossColumn", missing.Parameter);
        Assert.Contains("no such column", missing.Message);
    }

    [Fact]
    public void Unknown_shapes_and_missing_sizes_are_refused()
    {
        var json = Write("notes.json", """{ "hello": 1 }""");
        Assert.Contains("no log_history", Assert.Throws<InputException>(() => RunLogReader.Read([json], new LogOptions())).Message);
        var csv = Write("odd.csv", "a,b\n1,2\n");
        Assert.Contains("unknown log shape", Assert.Throws<InputException>(() => RunLogReader.Read([csv, csv], new LogOptions())).Message);
        Write("nosize/trainer_state.json", LogFiles.TrainerState([3.9, 3.5], 1000));
        Assert.Equal("parameters", Assert.Throws<InputException>(() => RunLogReader.Read([Path.Combine(dir, "nosize")], new LogOptions())).Parameter);
        Assert.Contains("no trainer_state.json", Assert.Throws<InputException>(() => RunLogReader.Read([Directory.CreateDirectory(Path.Combine(dir, "empty")).FullName], new LogOptions())).Message);
    }
}
