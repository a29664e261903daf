using System.Diagnostics;
using System.Text.Json.Nodes;
using ScalingLab.Training.Sweeps;

namespace ScalingLab.Cli.Tests;

/// <summary>A tiny sweep (4 budgets x 5 sizes of ~20-300K parameters, context 32) on a few Brown texts, end to end.</summary>
public class SweepCommandTests(BrownDataFixture fx) : IClassFixture<BrownDataFixture>
{
    // A prior with about one token per parameter keeps the IsoFLOP budgets tiny.
    private string Law()
    {
        var path = Path.Combine(fx.Root, "tiny-law.json");
        File.WriteAllText(path, """{ "name": "tiny-prior", "family": "chinchilla", "constants": { "E": 1.0, "A": 60, "B": 60, "alpha": 0.3, "beta": 0.3 }, "source": { "paper": "a tiny prior for tests", "where": "tests", "year": 2025 } }""");
        return path;
    }

    private string Design(string name)
    {
        var folder = Path.Combine(fx.Root, "sweeps", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        var r = CliRunner.Run("sweep", "design", "--data", fx.Data, "--law", Law(), "--target-budget", "1e13", "--sweep-budget", "3.5e11",
            "--budgets", "4", "--sizes", "5", "--context", "32", "--assume-flops-per-second", "5e9", "--replicates", "20", "--out", folder, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = r.Json;
        Assert.True(j["runs"]!.AsArray().Count >= 16);
        Assert.True((double)j["estimatedSeconds"]! > 0);
        foreach (var run in j["runs"]!.AsArray())
            foreach (var key in new[] { "id", "flops", "parameters", "tokens" }) Assert.NotNull(run![key]);
        return folder;
    }

    private static JsonArray Runs(string folder)
    {
        var s = CliRunner.Run("sweep", "status", folder, "--json");
        Assert.Equal(0, s.ExitCode);
        return s.Json["runs"]!.AsArray();
    }

    private static void AssertEachRecordedOnce(string folder)
    {
        var spec = Sweeps.SweepSpecFile.Load(folder);
        using var ledger = SweepLedger.Open(spec, folder);
        var records = ledger.RecordsPerRun();
        foreach (var run in spec.Runs) Assert.Equal(1, records.GetValueOrDefault(run.Id));
    }

    [Fact]
    public void A_second_run_trains_nothing_and_the_store_fits_like_its_csv()
    {
        var folder = Design("twice");
        var first = CliRunner.Run("sweep", "run", folder, "--json");
        Assert.True(first.ExitCode == 0, first.Err);
        var runs = Runs(folder);
        Assert.All(runs, r => { Assert.Equal("completed", (string)r!["state"]!); Assert.True((double)r["finalValLoss"]! > 0); });
        var second = CliRunner.Run("sweep", "run", folder, "--json");
        Assert.Equal(0, second.ExitCode);
        Assert.All(Runs(folder), r => Assert.Equal(1, (int)r!["attempts"]!));
        AssertEachRecordedOnce(folder);

        // The store read by `fit` gives the law the same runs give as a CSV.
        var csv = Path.Combine(folder, "runs.csv");
        File.WriteAllLines(csv, ["params,tokens,loss", .. runs.Select(r => $"{(double)r!["parameters"]!:R},{(double)r["tokens"]!:R},{(double)r["finalValLoss"]!:R}")]);
        var a = CliRunner.Run("fit", folder, "--approach", "3", "--json").Json["approach3"]!;
        var b = CliRunner.Run("fit", csv, "--approach", "3", "--json").Json["approach3"]!;
        foreach (var k in new[] { "E", "A", "B", "alpha", "beta" }) Assert.Equal((double)b[k]!, (double)a[k]!, 9);
    }

    [Fact]
    public void A_killed_driver_leaves_a_sweep_that_a_rerun_completes_recording_each_run_once()
    {
        var folder = Design("killed");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalinglab.dll"));
        foreach (var a in new[] { "sweep", "run", folder, "--json" }) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3) && !Runs(folder).Any(r => (string)r!["state"]! == "completed")) Thread.Sleep(500);
            Assert.False(p.HasExited, "the sweep ended before the driver could be killed");
            p.Kill(entireProcessTree: false); // the driver only: its children go on as orphans
            p.WaitForExit();
        }
        var rerun = CliRunner.Run("sweep", "run", folder, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        Assert.All(Runs(folder), r => Assert.Equal("completed", (string)r!["state"]!));
        AssertEachRecordedOnce(folder);
    }

    [Fact]
    public void Bad_input_is_one_line_and_loses_nothing()
    {
        var folder = Design("bad");
        var spec = Path.Combine(folder, "sweep.yaml");
        var text = File.ReadAllText(spec);

        CliRunner.Run("sweep", "run", folder, "--executor", "pbs").AssertBadInput("--executor");

        File.WriteAllText(spec, string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("data:"))));
        CliRunner.Run("sweep", "run", folder).AssertBadInput("data");
        File.WriteAllText(spec, text.Replace("data: " + fx.Data, "data: " + fx.Data + "-vanished"));
        CliRunner.Run("sweep", "run", folder).AssertBadInput("no longer exists");
        File.WriteAllText(spec, text);

        var other = Design("other");
        File.Copy(Path.Combine(other, "sweep.db"), Path.Combine(folder, "sweep.db"), overwrite: true);
        foreach (var side in new[] { "-wal", "-shm" }) File.Delete(Path.Combine(folder, "sweep.db" + side));
        CliRunner.Run("sweep", "status", folder).AssertBadInput("belongs to sweep");
        Assert.Equal(text, File.ReadAllText(spec));

        CliRunner.Run("sweep", "design", "--data", fx.Data, "--target-budget", "1e13", "--sweep-budget", "1e5", "--assume-flops-per-second", "5e9", "--out", Path.Combine(fx.Root, "nope"))
            .AssertBadInput("--sweep-budget");
    }

    [Fact]
    public void Slurm_that_is_not_installed_is_bad_input()
    {
        var folder = Design("nosbatch");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalinglab.dll"));
        foreach (var a in new[] { "sweep", "run", folder, "--executor", "slurm" }) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = "/nonexistent";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        new CliRunner.Result(p.ExitCode, p.StandardOutput.ReadToEnd(), err).AssertBadInput("sbatch is not installed");
    }

    /// <summary>
    /// Real Slurm (.ci/slurm-up): a tiny sweep through sbatch, one job cancelled mid-run with scancel
    /// (the executor resubmits it and it resumes), then `sweep run` again: every run completed once.
    /// CI sets SCALINGLAB_SLURM_REQUIRED=1, so a missing Slurm fails there instead of skipping.
    /// </summary>
    [SkippableFact]
    public void Slurm_sweep_survives_a_cancelled_job()
    {
        var missing = SlurmClient.Missing() ?? (RunTool("sinfo", "-h") == 0 ? null : "a running cluster (sinfo fails)");
        if (Environment.GetEnvironmentVariable("SCALINGLAB_SLURM_REQUIRED") == "1")
            Assert.True(missing is null, $"Slurm is required here but {missing} is missing (.ci/slurm-up starts it)");
        Skip.If(missing is not null, $"no Slurm on this machine ({missing} missing); .ci/slurm-up starts a one-node cluster");

        var folder = Design("slurm");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalinglab.dll"));
        foreach (var a in new[] { "sweep", "run", folder, "--executor", "slurm", "--json" }) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            var spec = Sweeps.SweepSpecFile.Load(folder);
            string? cancelled = null;
            var clock = Stopwatch.StartNew();
            while (cancelled is null && clock.Elapsed < TimeSpan.FromMinutes(5) && !p.HasExited)
            {
                using (var ledger = SweepLedger.Open(spec, folder))
                    foreach (var run in spec.Runs)
                        if (ledger.LastLaunch(run.Id) is { Job: { } job, Outcome: null } && SlurmClient.Job(job) is { State: "RUNNING" }
                            && File.Exists(Path.Combine(folder, "runs", run.Id, "metrics.jsonl")))
                        {
                            RunTool("scancel", job);
                            cancelled = run.Id;
                            break;
                        }
                Thread.Sleep(200);
            }
            Assert.NotNull(cancelled);
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(10)), "the Slurm sweep did not finish");
            Assert.True(p.ExitCode == 0, err.Result);
        }
        var rerun = CliRunner.Run("sweep", "run", folder, "--executor", "slurm", "--json");
        Assert.True(rerun.ExitCode == 0, rerun.Err);
        Assert.All(Runs(folder), r => { Assert.Equal("completed", (string)r!["state"]!); Assert.True((double)r["finalValLoss"]! > 0); });
        AssertEachRecordedOnce(folder);
    }

    private static int RunTool(string tool, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit(30_000);
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception) { return -1; }
    }
}
