using System.Globalization;

namespace ScalingLab.Sweeps;

/// <summary>
/// The `scalinglab train` command line of one sweep run: the spec's arguments for the run, plus
/// where and how it runs (its folder under runs/, the sweep's store, threads, a fixed peak for MFU so
/// no start-up measurement is spent, JSON output). Paths are relative to the sweep folder, which is
/// the working directory of every run, on this machine or on a cluster's node.
/// </summary>
public static class SweepRunArguments
{
    public static readonly IReadOnlyList<string> Reserved = ["--out", "--store", "--threads", "--peak-flops", "--json", "--resume"];

    /// <summary>A nominal peak: MFU is not what a sweep measures, and measuring it would cost each run a start-up benchmark.</summary>
    public const string PeakFlops = "1e11";

    public static string RunFolder(string runId) => Path.Combine("runs", runId);

    /// <summary>
    /// The arguments that start the run (recording into <paramref name="store"/>, by default the sweep's), or resume it when its folder already holds a run
    /// (<paramref name="resume"/>): `train --resume` takes its options from the run's own run.json.
    /// </summary>
    public static IReadOnlyList<string> For(SweepSpec spec, SweepRunSpec run, int threads, bool resume, string? store = null)
    {
        var tail = new[]
        {
            "--out", RunFolder(run.Id), "--store", store ?? spec.Store, "--peak-flops", PeakFlops, "--json",
        };
        if (resume) return ["train", "--resume", .. tail];
        return ["train", .. CommandLineText.Split(run.Train), .. tail, "--threads", threads.ToString(CultureInfo.InvariantCulture)];
    }
}
