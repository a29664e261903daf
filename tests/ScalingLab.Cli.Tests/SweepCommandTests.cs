using System.Diagnostics;
using System.Text.Json.Nodes;
using ScalingLab.Training.Sweeps;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// Tiny sweeps (4 budgets x 5 sizes of ~20-300K parameters, context 32) on a few Brown texts, end to
/// end. Only one test trains a whole sweep; the others keep one budget's runs (sweep.yaml is meant
/// to be edited) or record runs drawn from a known law straight into the store.
/// </summary>
public class SweepCommandTests(BrownDataFixture fx) : IClassFixture<BrownDataFixture>
{
    // Priors with about one token per parameter (or fewer) keep the IsoFLOP budgets tiny.
    private const double Tiny = 60, Cheap = 91;

    private string Law(double a)
    {
        var path = Path.Combine(fx.Root, $"prior-{a}.json");
        File.WriteAllText(path, $$"""{ "name": "tiny-prior", "family": "chinchilla", "constants": { "E": 1.0, "A": {{a}}, "B": 60, "alpha": 0.3, "beta": 0.3 }, "source": { "paper": "a tiny prior for tests", "where": "tests", "year": 2025 } }""");
        return path;
    }

    private string Design(string name, double prior = Tiny, string? onlyBudget = null)
    {
        var folder = Path.Combine(fx.Root, "sweeps", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        var r = CliRunner.Run("sweep", "design", "--data", fx.Data, "--law", Law(prior), "--target-budget", "1e13", "--sweep-budget", prior == Tiny ? "3.5e11" : "8.2e10",
            "--budgets", "4", "--sizes", "5", "--context", "32", "--assume-flops-per-second", "5e9", "--replicates", "20", "--out", folder, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = r.Json;
        Assert.True(j["runs"]!.AsArray().Count >= 16);
        Assert.True((double)j["estimatedSeconds"]! > 0);
        foreach (var run in j["runs"]!.AsArray())
            foreach (var key in new[] { "id", "flops", "parameters", "tokens" }) Assert.NotNull(run![key]);
        if (onlyBudget is not null)
        {
            // sweep.yaml is meant to be edited: keep one budget's runs.
            var spec = Sweeps.SweepSpecFile.Load(folder);
            spec.Runs.RemoveAll(x => !x.Id.StartsWith(onlyBudget + "-", StringComparison.Ordinal));
            Sweeps.SweepSpecFile.Save(spec, folder);
        }
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
        var folder = Design("twice", Cheap);
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
    public void A_killed_driver_or_a_SIGTERM_leaves_a_sweep_that_a_rerun_completes_recording_each_run_once()
    {
        var folder = Design("killed", onlyBudget: "b1");
        using (var p = CliRunner.Start(null, "sweep", "run", folder, "--json"))
        {
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3) && !Runs(folder).Any(r => (string)r!["state"]! == "completed")) Thread.Sleep(500);
            Assert.False(p.HasExited, "the sweep ended before the driver could be killed");
            p.Kill(entireProcessTree: false); // the driver only: its children go on as orphans
            p.WaitForExit();
        }
        // The next driver waits for the orphans; SIGTERM to it stops them and its own children with a
        // checkpoint each, and it exits 75 leaving no run training and nothing to clean up.
        var logs = Path.Combine(folder, "logs");
        using (var p = CliRunner.Start(null, "sweep", "run", folder, "--json"))
        {
            var err = p.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2) && (clock.Elapsed < TimeSpan.FromSeconds(3) || Directory.GetFiles(logs, "*.pid").Length == 0))
                Thread.Sleep(200);
            Assert.False(p.HasExited, "the sweep ended before it could be stopped");
            var training = Directory.GetFiles(logs, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim())).ToList();
            Signals.Send(p.Id, Signals.SigTerm);
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "sweep run did not stop on SIGTERM");
            Assert.True(p.ExitCode == 75, err.Result);
            Assert.Contains("run the same command again", err.Result);
            Assert.Empty(Directory.GetFiles(logs, "*.pid"));
            Assert.All(training, pid => Assert.False(Signals.Alive(pid, "runs/"), $"run process {pid} still alive"));
            Assert.DoesNotContain(Runs(folder), r => (string)r!["state"]! == "running");
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
        var folder = Design("nosbatch", Cheap);
        using var p = CliRunner.Start(new Dictionary<string, string> { ["PATH"] = "/nonexistent" }, "sweep", "run", folder, "--executor", "slurm");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        new CliRunner.Result(p.ExitCode, p.StandardOutput.ReadToEnd(), err).AssertBadInput("sbatch is not installed");
    }

    /// <summary>
    /// Real Slurm (.ci/slurm-up): one budget's runs through sbatch, one job cancelled mid-run with
    /// scancel (the executor resubmits it and it resumes), then `sweep run` again: every run completed
    /// and recorded once. CI sets SCALINGLAB_SLURM_REQUIRED=1, so a missing Slurm fails there instead
    /// of skipping.
    /// </summary>
    [SkippableFact]
    public void Slurm_sweep_survives_a_cancelled_job()
    {
        var missing = SlurmClient.Missing() ?? (RunTool("sinfo", "-h") == 0 ? null : "a running cluster (sinfo fails)");
        if (Environment.GetEnvironmentVariable("SCALINGLAB_SLURM_REQUIRED") == "1")
            Assert.True(missing is null, $"Slurm is required here but {missing} is missing (.ci/slurm-up starts it)");
        Skip.If(missing is not null, $"no Slurm on this machine ({missing} missing); .ci/slurm-up starts a one-node cluster");

        var folder = Design("slurm", onlyBudget: "b4");
        var spec = Sweeps.SweepSpecFile.Load(folder);
        spec.Executor.Slurm.PollSeconds = 1;
        Sweeps.SweepSpecFile.Save(spec, folder);
        string? cancelled = null;
        using (var p = CliRunner.Start(null, "sweep", "run", folder, "--executor", "slurm", "--json"))
        {
            var err = p.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (cancelled is null && clock.Elapsed < TimeSpan.FromMinutes(5) && !p.HasExited)
            {
                // The slowest run that is training: the longest left to interrupt.
                using (var ledger = SweepLedger.Open(spec, folder))
                    foreach (var run in spec.Runs.OrderByDescending(x => x.EstimatedSeconds))
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
        using (var ledger = SweepLedger.Open(spec, folder))
            Assert.True(ledger.Attempts(cancelled) >= 2, $"the cancelled job of {cancelled} was not submitted again");
    }

    /// <summary>
    /// A sweep whose store holds runs drawn from a known law (1% noise): the runs of the design, with a
    /// training curve each, recorded as `train` records them, without training.
    /// </summary>
    private (string Folder, Laws.ChinchillaLaw Truth) DrawnSweep(string name)
    {
        var folder = Design(name, Cheap);
        var truth = new Laws.ChinchillaLaw("truth", 1.0, 91, 60, 0.3, 0.3, new Laws.Source("tests", "tests", 2025));
        var spec = Sweeps.SweepSpecFile.Load(folder);
        var rng = new Random(7);
        double Loss(double n, double d) => truth.Loss(new Units.Parameters(n), new Units.Tokens(d)).Value * Math.Exp(0.01 * (rng.NextDouble() * 2 - 1) * Math.Sqrt(3));
        var store = Path.Combine(folder, spec.Store);
        using (var s = new Training.Store.ExperimentStore(store))
            foreach (var run in spec.Runs)
            {
                var id = Guid.NewGuid().ToString("N");
                s.StartRun(id, Path.Combine(folder, "runs", run.Id), "{}", (long)run.Parameters, run.Tokens);
                for (var k = 1; k <= 8; k++)
                    s.Add(id, new Training.Loop.MetricPoint(k * 10, run.Tokens * k / 8, Loss(run.Parameters, run.Tokens * k / 8), 1e-3, 1e4, k));
            }
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            db.Open();
            foreach (var run in spec.Runs)
            {
                using var c = db.CreateCommand();
                c.CommandText = "UPDATE runs SET status = 'completed', tokens = $d, final_val_loss = $l WHERE folder = $f";
                c.Parameters.AddWithValue("$d", run.Tokens);
                c.Parameters.AddWithValue("$l", Loss(run.Parameters, run.Tokens));
                c.Parameters.AddWithValue("$f", Path.GetFullPath(Path.Combine(folder, "runs", run.Id)));
                Assert.Equal(1, c.ExecuteNonQuery());
            }
        }
        return (folder, truth);
    }

    private static void AssertInside(JsonNode? interval, double value, string what)
    {
        var (lo, hi) = ((double)interval![0]!, (double)interval[1]!);
        Assert.True(lo <= value && value <= hi, $"{what} {value:G4} outside [{lo:G4}, {hi:G4}]");
    }

    [Fact]
    public void Analyze_predicts_the_law_the_runs_were_drawn_from_within_its_intervals()
    {
        var (folder, truth) = DrawnSweep("analyze");
        const double budget = 3e10; // about 5x the largest budget
        var r = CliRunner.Run("sweep", "analyze", folder, "--budget", budget.ToString("R"), "--bootstrap", "100", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        var prediction = r.Json["prediction"]!;
        var best = Allocation.ClosedForm.ComputeOptimal(truth, new Units.Flops(budget));
        AssertInside(prediction["parametersInterval"], best.Parameters.Value, "the true optimal N");
        AssertInside(prediction["tokensInterval"], best.Tokens.Value, "the true optimal D");
        AssertInside(prediction["lossInterval"], best.Loss.Value, "the true optimal loss");
        foreach (var key in new[] { "parameters", "tokens", "loss" })
            Assert.InRange((double)prediction[key]!, 0, double.MaxValue);
        Assert.Equal(3, r.Json["approaches"]!.AsArray().Count);
        Assert.NotNull(r.Json["backtest"]);
    }

    [Fact]
    public void Verify_stopped_by_a_signal_exits_75_and_the_same_command_finishes_it()
    {
        var (folder, _) = DrawnSweep("verify");
        string[] verify = ["sweep", "verify", folder, "--budget", "2e10", "--bootstrap", "20", "--threads", "1", "--json"];
        using (var p = CliRunner.Start(null, verify))
        {
            var err = p.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            // Interrupted once the verification run has started (its run.json is written).
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)
                && !(Directory.Exists(Path.Combine(folder, "runs")) && Directory.EnumerateFiles(Path.Combine(folder, "runs"), "run.json", SearchOption.AllDirectories).Any()))
                Thread.Sleep(100);
            Assert.False(p.HasExited, err.IsCompleted ? err.Result : "verify ended before its run started");
            Signals.Send(p.Id, Signals.SigInt);
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "verify did not stop on SIGINT");
            Assert.True(p.ExitCode == 75, err.Result);
            Assert.Contains("run the same command again", err.Result);
        }
        var r = CliRunner.Run(verify);
        Assert.True(r.ExitCode == 0, r.Err);
        var j = r.Json;
        Assert.True((double)j["predictedLoss"]! > 0);
        Assert.True((double)j["measuredLoss"]! > 0);
        Assert.True((double)j["lossInterval"]![0]! <= (double)j["lossInterval"]![1]!);
        using var ledger = SweepLedger.Open(Sweeps.SweepSpecFile.Load(folder), folder);
        Assert.Equal(1, ledger.RecordsPerRun()[(string)j["run"]!]);
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
