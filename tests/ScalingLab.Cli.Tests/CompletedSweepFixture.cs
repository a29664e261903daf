using System.Diagnostics;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// A tiny sweep trained end to end, once, for the tests that read a finished sweep: designed (4
/// budgets x 5 sizes of ~20-300K parameters at context 32, on a few Brown texts), run by the local
/// executor, and verified at 3x its largest budget. Nothing trains until a test asks for it.
/// </summary>
public sealed class CompletedSweepFixture
{
    private readonly Lazy<BrownDataFixture> data = new(() => new BrownDataFixture());
    private readonly Lazy<string> folder;

    /// <summary>Seconds the design, the runs and the verification took (the cost every report test shares).</summary>
    public double Seconds { get; private set; }

    public CompletedSweepFixture() => folder = new Lazy<string>(Train);

    public string Folder => folder.Value;

    /// <summary>A designed sweep that has not run: enough for the checks made before any work.</summary>
    public string Designed(string name)
    {
        var dir = Path.Combine(data.Value.Root, "sweeps", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        var r = CliRunner.Run("sweep", "design", "--data", data.Value.Data, "--law", Law(), "--target-budget", "1e13", "--sweep-budget", "3.5e11",
            "--budgets", "4", "--sizes", "5", "--context", "32", "--assume-flops-per-second", "5e9", "--replicates", "20", "--out", dir, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        return dir;
    }

    private string Train()
    {
        var clock = Stopwatch.StartNew();
        var dir = Designed("report");
        var run = CliRunner.Run("sweep", "run", dir, "--json");
        Assert.True(run.ExitCode == 0, run.Err);
        var largest = Sweeps.SweepSpecFile.Load(dir).Runs.Max(r => r.Budget);
        var verify = CliRunner.Run("sweep", "verify", dir, "--budget", (3 * largest).ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--bootstrap", "20", "--json");
        Assert.True(verify.ExitCode == 0, verify.Err);
        Seconds = clock.Elapsed.TotalSeconds;
        return dir;
    }

    // A prior with about one token per parameter keeps the IsoFLOP budgets tiny.
    private string Law()
    {
        var path = Path.Combine(data.Value.Root, "tiny-law.json");
        File.WriteAllText(path, """{ "name": "tiny-prior", "family": "chinchilla", "constants": { "E": 1.0, "A": 60, "B": 60, "alpha": 0.3, "beta": 0.3 }, "source": { "paper": "a tiny prior for tests", "where": "tests", "year": 2025 } }""");
        return path;
    }
}
