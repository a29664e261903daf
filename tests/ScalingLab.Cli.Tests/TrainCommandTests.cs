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
        foreach (var key in new[] { "parameters", "finalTrainLoss", "finalValLoss", "seconds", "tokensPerSecond" })
            Assert.True((double)j[key]! > 0, key);
        // 80 steps cannot beat the bytes' unigram entropy by much, but must be below uniform (ln 256 = 5.55).
        Assert.InRange((double)j["finalValLoss"]!, 1.0, 5.0);
        Assert.True(File.Exists((string)j["plot"]!));
        Assert.True(File.Exists(Path.Combine(run, "metrics.jsonl")));
        Assert.True(File.Exists((string)j["store"]!));
    }

    [Fact]
    public void Process_killed_mid_run_resumes_to_the_uninterrupted_result()
    {
        var whole = CliRunner.RunProcess(TinyRun(Run("whole"), "20480", "5"));
        Assert.Equal(0, whole.ExitCode);

        // Kill -9 the process once its second checkpoint (step 10 of 80) is committed, then resume it.
        var run = Run("killed");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalinglab.dll"));
        foreach (var a in TinyRun(run, "20480", "5")) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var marker = Path.Combine(run, "checkpoints", "step-00000010.json");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(marker) && !p.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(5);
            Assert.False(p.HasExited, "the run ended before it could be killed");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        var resumed = CliRunner.RunProcess("train", "--resume", "--out", run, "--json");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal((double)whole.Json["finalValLoss"]!, (double)resumed.Json["finalValLoss"]!);
        Assert.Equal((double)whole.Json["finalTrainLoss"]!, (double)resumed.Json["finalTrainLoss"]!);
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

    [Theory]
    [InlineData("--data")]
    [InlineData("--budget", "--budget", "1e13", "--params", "1M")]
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
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
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
