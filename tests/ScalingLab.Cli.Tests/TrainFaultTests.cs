using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// Runs that survive what happens to real runs (issue 13, classes 5 and 6): kill -9, SIGTERM and
/// SIGINT at random steps, torn metrics lines, damaged checkpoints and a damaged run.json; each time
/// the same command (or --resume) picks the run up again and it ends at exactly the loss of a run
/// nobody touched. Fuzzed dataset and checkpoint files never give an internal error. Seeded and
/// bounded: the whole class takes well under two minutes on two busy cores.
/// </summary>
[Collection(TrainingRuns.Name)]
public class TrainFaultTests(BrownDataFixture fx) : IClassFixture<BrownDataFixture>
{
    private string Folder(string name) => Path.Combine(fx.Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);

    // ~0.1M parameters at context 32, 8 sequences a step, 400 steps; a checkpoint every 5 steps, validation
    // every 100 (and at the end). One thread, as in TrainCommandTests.
    private string[] Long(string run, string store) =>
    [
        "train", "--data", fx.Data, "--params", "100k", "--tokens", "102400", "--context", "32", "--batch", "8", "--lr", "2e-3",
        "--eval-every", "100", "--checkpoint-every", "5", "--peak-flops", "1e11", "--threads", "1", "--store", store, "--out", run, "--json",
    ];

    private enum Fault { Term, Int, Kill }

    [Fact]
    public void Signals_kills_torn_lines_and_damaged_files_all_resume_to_the_uninterrupted_loss()
    {
        var reference = Run(Long(Folder("whole"), Path.Combine(fx.Root, "whole.db")));
        Assert.Equal(0, reference.ExitCode);

        // The run sits alone in its folder, so a default store (experiments.db beside it) would show.
        var home = Folder("faulted");
        var run = Path.Combine(home, "run");
        var store = Path.Combine(fx.Root, "faulted-" + Guid.NewGuid().ToString("N")[..6] + ".db");
        var random = new Random(13);
        // Each kind of stop at least once, at seeded random steps; between some of them the files are damaged
        // the way a crash or a bad disk leaves them.
        var faults = new[] { Fault.Term, Fault.Kill, Fault.Int, Fault.Kill, Fault.Term };
        var next = 0;
        var notices = new List<string>();
        for (var i = 0; i < faults.Length; i++)
        {
            // A step this process must reach itself: its signal handlers are in place by then.
            next = (int)Math.Max(next + random.Next(20, 60), Steps(run).FirstOrDefault(0) + 10);
            // Restarts alternate between the same command (a requeued job) and the explicit --resume.
            var args = i == 0 || i % 2 == 1 ? Long(run, store) : ["train", "--resume", "--out", run, "--json"];
            using var p = CliProcess.Start(args);
            WaitForCheckpoint(run, next, p);
            if (faults[i] == Fault.Kill) p.KillHard();
            else p.Signal(faults[i] == Fault.Term ? CliProcess.SigTerm : CliProcess.SigInt);
            var r = p.Wait(TimeSpan.FromMinutes(3));
            notices.AddRange(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            if (faults[i] == Fault.Kill) Assert.Equal(137, r.ExitCode);
            else
            {
                Assert.Equal(75, r.ExitCode);
                Assert.Equal("interrupted", (string)r.Json["status"]!);
                Assert.Contains($"interrupted by {(faults[i] == Fault.Term ? "SIGTERM" : "SIGINT")}", r.Err);
                // The checkpoint is where it stopped: resuming repeats no step.
                Assert.Equal((long)r.Json["steps"]!, (long)r.Json["lastCheckpointStep"]!);
                Assert.Equal("interrupted", Status(store));
            }
            if (i == 1) TearLastMetricsLine(run);
            if (i == 2) Damage(Newest(run, ".model"), truncate: true);
            if (i == 3) { Damage(Newest(run, ".optim"), truncate: false); File.WriteAllText(Path.Combine(run, "run.json"), "{\"runId\": \"3f"); }
        }
        var final = Run(Long(run, store));
        Assert.Equal(0, final.ExitCode);
        Assert.Equal((double)reference.Json["finalTrainLoss"]!, (double)final.Json["finalTrainLoss"]!);
        Assert.Equal((double)reference.Json["finalValLoss"]!, (double)final.Json["finalValLoss"]!);
        Assert.Equal(400, (long)final.Json["steps"]!);

        // What was repaired was said, one line each.
        Assert.Contains(notices, l => l.StartsWith("store: the run in") && l.Contains("marked it interrupted"));
        Assert.Contains(notices.Concat(final.Err.Split('\n')), l => l.StartsWith("metrics.jsonl: dropped ") && l.Contains("torn last line"));
        Assert.Contains(notices.Concat(final.Err.Split('\n')), l => l.Contains(".model has") && l.Contains("skipped"));
        Assert.Contains(notices.Concat(final.Err.Split('\n')), l => l.Contains("does not match the SHA-256") && l.Contains("skipped"));
        Assert.Contains(notices.Concat(final.Err.Split('\n')), l => l.StartsWith("run.json in") && l.Contains("restored it from its copy"));
        // One history in the store the run started with; each logged step once, as in the untouched run.
        Assert.Equal("completed", Status(store));
        Assert.False(File.Exists(Path.Combine(home, "experiments.db")));
        var steps = File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => (long)JsonNode.Parse(l)!["step"]!).ToList();
        Assert.Equal(steps.Distinct().Order(), steps);
        Assert.Equal(File.ReadLines(Path.Combine((string)reference.Json["runFolder"]!, "metrics.jsonl")).Select(l => (double)JsonNode.Parse(l)!["trainLoss"]!),
            File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => (double)JsonNode.Parse(l)!["trainLoss"]!));
    }

    [Fact]
    public void Fuzzed_checkpoints_and_run_json_fall_back_to_an_intact_checkpoint_and_end_at_the_same_loss()
    {
        // A complete 40-step run with checkpoints at 30, 35 and 40; each case damages one file of a copy and resumes.
        var whole = Folder("cp-whole");
        var store = Path.Combine(fx.Root, "cp-" + Guid.NewGuid().ToString("N")[..6] + ".db");
        var reference = CliRunner.Run("train", "--data", fx.Data, "--params", "100k", "--tokens", "10240", "--context", "32", "--batch", "8", "--lr", "2e-3",
            "--eval-every", "20", "--checkpoint-every", "5", "--peak-flops", "1e11", "--threads", "1", "--store", store, "--out", whole, "--json");
        Assert.Equal(0, reference.ExitCode);
        var targets = Directory.EnumerateFiles(Path.Combine(whole, "checkpoints")).Append(Path.Combine(whole, "run.json"))
            .Select(f => Path.GetRelativePath(whole, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(11, targets.Count); // three checkpoints of three files, run.json and its copy in checkpoints/
        var random = new Random(2026);
        for (var i = 0; i < 24; i++)
        {
            var copy = Folder("cp-fuzz");
            CopyFolder(whole, copy);
            var target = Path.Combine(copy, targets[random.Next(targets.Count)]);
            var how = Mutate(target, random);
            var r = CliRunner.Run("train", "--resume", "--out", copy, "--json");
            Assert.True(r.ExitCode == 0, $"case {i} ({how} {target}): exit {r.ExitCode}, {r.Err}");
            Assert.Equal((double)reference.Json["finalTrainLoss"]!, (double)r.Json["finalTrainLoss"]!);
            Assert.Equal((double)reference.Json["finalValLoss"]!, (double)r.Json["finalValLoss"]!);
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void Fuzzed_datasets_are_trained_or_refused_in_one_line_never_an_internal_error()
    {
        var random = new Random(4);
        var names = new[] { "train.bin", "val.bin", "dataset.json" };
        for (var i = 0; i < 40; i++)
        {
            var data = Folder("ds-fuzz");
            CopyFolder(fx.Data, data);
            var target = Path.Combine(data, names[random.Next(names.Length)]);
            var how = Mutate(target, random);
            var args = new[]
            {
                "train", "--data", data, "--layers", "1", "--d-model", "64", "--tokens", "1024", "--context", "16", "--batch", "4", "--lr", "1e-3",
                "--eval-every", "1000", "--checkpoint-every", "1000", "--threads", "1", "--peak-flops", "1e11", "--out", Folder("ds-run"), "--json",
            };
            var run = Task.Run(() => CliRunner.Run(args));
            Assert.True(run.Wait(TimeSpan.FromMinutes(2)), $"case {i} ({how} {target}) did not finish");
            var r = run.Result;
            var what = $"case {i} ({how} {Path.GetFileName(target)}): exit {r.ExitCode}, {r.Err}";
            Assert.True(r.ExitCode is 0 or 2, what);
            // A token file is checksummed: any change to one is refused.
            if (target.EndsWith(".bin")) Assert.True(r.ExitCode == 2, what);
            if (r.ExitCode == 2) r.AssertBadInput("--data");
            Directory.Delete(data, true);
        }
    }

    /// <summary>Truncates, flips bytes, zeroes, or (in JSON) puts a value of the wrong type in place of one; says which.</summary>
    private static string Mutate(string path, Random random)
    {
        var bytes = File.ReadAllBytes(path);
        switch (random.Next(path.EndsWith(".json") ? 4 : 3))
        {
            case 0:
                File.WriteAllBytes(path, bytes[..random.Next(bytes.Length)]);
                return "truncated";
            case 1:
                for (var k = random.Next(1, 5); k > 0; k--) bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                File.WriteAllBytes(path, bytes);
                return "flipped";
            case 2:
                File.WriteAllBytes(path, new byte[bytes.Length]);
                return "zeroed";
            default:
                var node = JsonNode.Parse(bytes)!;
                var obj = Objects(node).ToList()[random.Next(Objects(node).Count())];
                var key = obj.Select(kv => kv.Key).ToList()[random.Next(obj.Count)];
                JsonNode?[] wrong = ["text", new JsonArray(), new JsonObject(), -1, 1e300, null, true];
                obj[key] = wrong[random.Next(wrong.Length)]?.DeepClone();
                File.WriteAllText(path, node.ToJsonString());
                return $"retyped {key} in";
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonNode node) => node switch
    {
        JsonObject o => o.Where(kv => kv.Value is not null).SelectMany(kv => Objects(kv.Value!)).Prepend(o).Where(x => x.Count > 0),
        JsonArray a => a.Where(x => x is not null).SelectMany(x => Objects(x!)),
        _ => [],
    };

    private static CliRunner.Result Run(string[] args)
    {
        using var p = CliProcess.Start(args);
        return p.Wait(TimeSpan.FromMinutes(4));
    }

    /// <summary>Waits until the run has committed a checkpoint at or after <paramref name="step"/>.</summary>
    private static void WaitForCheckpoint(string run, int step, CliProcess p)
    {
        var clock = Stopwatch.StartNew();
        while (Steps(run).FirstOrDefault(-1) < step)
        {
            Assert.False(p.HasExited, $"the run ended before step {step}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"no checkpoint at step {step} within 3 minutes");
            Thread.Sleep(5);
        }
    }

    private static IEnumerable<long> Steps(string run) =>
        !Directory.Exists(Path.Combine(run, "checkpoints")) ? [] :
        Directory.EnumerateFiles(Path.Combine(run, "checkpoints"), "step-*.json").Select(f => long.Parse(Path.GetFileNameWithoutExtension(f)[5..])).OrderDescending();

    private static string Newest(string run, string extension) => Path.Combine(run, "checkpoints", $"step-{Steps(run).First():D8}{extension}");

    private static void Damage(string path, bool truncate)
    {
        if (truncate) File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        else File.WriteAllBytes(path, new byte[new FileInfo(path).Length]);
    }

    // What a crash in the middle of an append leaves: half a line, no newline.
    private static void TearLastMetricsLine(string run) =>
        File.AppendAllText(Path.Combine(run, "metrics.jsonl"), "{\"step\":9999,\"tokens\":12");

    private static string Status(string store)
    {
        using var db = new SqliteConnection($"Data Source={store};Pooling=False");
        db.Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT status FROM runs";
        return (string)c.ExecuteScalar()!;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }
}
