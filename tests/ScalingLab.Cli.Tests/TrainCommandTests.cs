using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ScalingLab.Cli.Tests;

/// <summary>A byte-level dataset of a few Brown texts (the repository's data/brown-sample), prepared once through the CLI.</summary>
public sealed class BrownDataFixture
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "scalinglab-cli-train", Guid.NewGuid().ToString("N")[..8]);
    public string Data => Path.Combine(Root, "data");

    public BrownDataFixture()
    {
        var texts = Path.Combine(Root, "texts");
        Directory.CreateDirectory(texts);
        foreach (var name in new[] { "ca01", "ca02", "ca03", "ca04", "cb01", "cb02", "cc01", "cd01" })
            File.Copy(Path.Combine(BrownFolder(), name), Path.Combine(texts, name));
        var r = CliRunner.Run("data", "prepare", texts, "--format", "brown", "--out", Data, "--val-fraction", "0.1", "--json");
        if (r.ExitCode != 0) throw new InvalidOperationException(r.Err);
    }

    private static string BrownFolder() => Repo.Path("data", "brown-sample");
}

[Collection(TrainingRuns.Name)]
public class TrainCommandTests(BrownDataFixture fx) : IClassFixture<BrownDataFixture>
{
    // ~0.1M parameters, context 32, 8 sequences per step: 80 steps take a second or two. One thread:
    // test assemblies run side by side, and a 2-thread OpenMP pool on 2 busy cores stalls (measured
    // 115 s instead of 2.4 s for this run).
    private string[] Tiny(string run, params string[] extra) => TinyRun(run, "20480", "10", extra);

    private string[] TinyRun(string run, string tokens, string checkpointEvery, params string[] extra) =>
    [
        "train", "--data", fx.Data, "--params", "100k", "--tokens", tokens, "--context", "32", "--batch", "8",
        "--eval-every", "20", "--checkpoint-every", checkpointEvery, "--peak-flops", "1e11", "--threads", "1", "--out", run, "--json", .. extra,
    ];

    private string Run(string name) => Path.Combine(fx.Root, "runs", name + "-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public void Json_summary_has_the_documented_keys_and_a_plot()
    {
        var run = Run("json");
        var r = CliRunner.Run(Tiny(run));
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal("completed", (string)j["status"]!);
        Assert.Equal(20480, (double)j["tokens"]!);
        Assert.Equal(80, (long)j["steps"]!);                  // 20,480 tokens in batches of 8 x 32
        Assert.Equal(8, (int)j["batchSequences"]!);
        Assert.Equal(32, (int)j["shape"]!["context"]!);
        // run.json records what the run trained: the same shape, tokens, rate and batch the result reports.
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["options"]!;
        Assert.Equal(j["shape"]!.ToJsonString(), recorded["shape"]!.ToJsonString());
        Assert.Equal((double)j["plannedTokens"]!, (double)recorded["tokens"]!);
        Assert.Equal((double)j["peakLearningRate"]!, (double)recorded["learningRate"]!["peak"]!);
        Assert.Equal(8, (int)recorded["batchSequences"]!);
        foreach (var key in new[] { "parameters", "finalTrainLoss", "finalValLoss", "seconds", "tokensPerSecond" })
            Assert.True((double)j[key]! > 0, key);
        // 80 steps cannot beat the bytes' unigram entropy by much, but must be below uniform (ln 256 = 5.55).
        Assert.InRange((double)j["finalValLoss"]!, 1.0, 5.0);
        Assert.True(File.Exists((string)j["plot"]!));
        Assert.True(File.Exists(Path.Combine(run, "metrics.jsonl")));
        Assert.True(File.Exists((string)j["store"]!));
    }

    [Fact]
    public void Diverging_run_exits_1_naming_the_step_and_the_checkpoint()
    {
        var r = CliRunner.Run(TinyRun(Run("nan"), "20480", "2", "--lr", "30", "--warmup", "0.3"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: training diverged at step", r.Err);
        Assert.Contains("last good checkpoint", r.Err);
        Assert.Equal("diverged", (string)r.Json["status"]!);
    }

    [Fact]
    public void Plan_and_train_agree_on_shape_tokens_learning_rate_and_batch()
    {
        // The done-criterion: `plan --params 2M --vocab 256 --context 256` and `train --params 2M` on
        // byte-level data. --dry-run plans, checks the data and writes run.json without training 2M for hours.
        var plan = CliRunner.Run("plan", "--params", "2M", "--vocab", "256", "--context", "256", "--json");
        Assert.Equal(0, plan.ExitCode);
        var run = Run("agree");
        var dry = CliRunner.Run("train", "--data", fx.Data, "--params", "2M", "--dry-run", "--out", run, "--json");
        Assert.Equal(0, dry.ExitCode);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["options"]!;
        Assert.Equal(dry.Json["run"]!["options"]!.ToJsonString(), recorded.ToJsonString());
        var p = plan.Json;
        Assert.Equal(p["shape"]!.ToJsonString(), recorded["shape"]!.ToJsonString());
        Assert.Equal((double)p["tokens"]!, (double)recorded["tokens"]!);
        Assert.Equal((double)p["learningRate"]!, (double)recorded["learningRate"]!["peak"]!);
        Assert.Equal((double)p["schedule"]!["finalLearningRate"]!, (double)recorded["learningRate"]!["final"]!);
        Assert.Equal((int)p["schedule"]!["batchSequences"]!, (int)recorded["batchSequences"]!);
        Assert.Equal((long)p["steps"]!, (long)recorded["learningRate"]!["steps"]!);
        Assert.Equal((long)p["schedule"]!["warmupSteps"]!, (long)recorded["learningRate"]!["warmupSteps"]!);
        // The numbers themselves (besiroglu2024, deepseek2024): 1 layer of width 384, 61.6M tokens, 83 x 256 per step.
        Assert.Equal(384, (int)recorded["shape"]!["dModel"]!);
        Assert.Equal(2902, (long)recorded["learningRate"]!["steps"]!);
        Assert.Equal(83, (int)recorded["batchSequences"]!);
        Assert.False(File.Exists(Path.Combine(run, "metrics.jsonl"))); // nothing trained
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--params", "--layers", "2", "--d-model", "64", "--params", "1M")]
    [InlineData("--precision", "--params", "100k", "--precision", "fp8")]
    [InlineData("--context", "--params", "100k", "--context", "4")]
    public void Bad_input_exits_2(string field, params string[] args)
    {
        var all = field == "--data" ? new[] { "train", "--params", "1M" } : ["train", "--data", fx.Data, .. args, "--out", Run("bad")];
        var r = CliRunner.Run(all);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Err);
        Assert.Contains(field, r.Err);
    }

    [Fact]
    public void Half_a_shape_blames_the_missing_flag_and_a_tiny_budget_says_it_is_too_small()
    {
        var half = CliRunner.Run("train", "--data", fx.Data, "--layers", "1", "--tokens", "1M", "--out", Run("half"));
        half.AssertBadInput("--d-model: '(missing)' is not valid; give --layers and --d-model together");
        var tiny = CliRunner.Run("train", "--data", fx.Data, "--budget", "1e11", "--out", Run("tiny"));
        tiny.AssertBadInput("--budget: '1e11' is not valid; too small for any model at vocabulary 256 (byte)");
        Assert.DoesNotContain("tokenizer", tiny.Err); // the data already is byte-level
    }

    [Fact]
    public void Missing_dataset_and_unknown_tokenizer_name_the_field()
    {
        var r = CliRunner.Run("train", "--data", Path.Combine(fx.Root, "nowhere"), "--params", "1M");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("data prepare", r.Err);
        var t = CliRunner.Run("data", "prepare", fx.Data, "--tokenizer", "llama", "--out", Path.Combine(fx.Root, "x"));
        Assert.Equal(2, t.ExitCode);
        Assert.Contains("--tokenizer", t.Err);
    }

    [Fact]
    public void Unloadable_libtorch_is_explained_in_one_line()
    {
        // A copy of the build output whose libLibTorchSharp.so is TorchSharp's original, unpatched file.
        // Managed files are copied (the host resolves a symlinked app to its real folder); the large
        // native libraries are linked.
        var app = Path.Combine(fx.Root, "app-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(app, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (file.Contains(".so")) File.CreateSymbolicLink(target, file);
            else File.Copy(file, target);
        }
        var glue = Path.Combine(app, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Delete(glue);
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.Copy(Path.Combine(nuget, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"), glue);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(app, "scalinglab.dll"));
        foreach (var a in Tiny(Run("noload"))) psi.ArgumentList.Add(a);
        // Else TorchSharp's fallback copies ~1 GB of LibTorch from the NuGet cache into the app folder.
        psi.Environment["NUGET_PACKAGES"] = Path.Combine(fx.Root, "no-nuget-cache");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Directory.Delete(app, recursive: true);
        if (SystemLibstdcxxHasGlibcxx3432())
        {
            Assert.Equal(0, p.ExitCode); // a new enough libstdc++ loads the original file as it is
            return;
        }
        Assert.Equal(1, p.ExitCode);
        // The plan's warnings about this tiny shape come first; the failure itself is one line.
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("warning: ")).ToArray();
        Assert.Single(lines);
        Assert.Contains("GLIBCXX_3.4.32", lines[0]);
        Assert.Contains("libstdc++", lines[0]);
        Assert.Contains("dotnet build", lines[0]);
        Assert.Equal("", stdout.Result); // --json output is not polluted by TorchSharp's probing trace
    }

    private static bool SystemLibstdcxxHasGlibcxx3432()
    {
        var lib = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        if (lib is null) return false;
        var bytes = File.ReadAllBytes(lib);
        var needle = "GLIBCXX_3.4.32\0"u8.ToArray();
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}
