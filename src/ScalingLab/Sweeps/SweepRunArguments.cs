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
    /// The run's `train` command line, recording into <paramref name="store"/> (by default the
    /// sweep's). It is the same whether the run starts or continues: `train` resumes a run folder
    /// that already holds the same run (a rerun, a resubmitted or requeued job), so a launch never
    /// depends on what an earlier one left. <paramref name="threads"/> is part of the run's record:
    /// a run that already started must be given the threads it started with.
    /// </summary>
    public static IReadOnlyList<string> For(SweepSpec spec, SweepRunSpec run, int threads, string? store = null) =>
        ["train", .. CommandLineText.Split(run.Train), .. Placement(RunFolder(run.Id), store ?? spec.Store, threads)];

    /// <summary>
    /// The `train` options that fix a run's data, shape, tokens and batch: how the sweep design writes
    /// each run and how the trainer calibration times one.
    /// </summary>
    public static List<string> Shape(string data, Compute.ModelShape shape, double tokens, int batch) =>
    [
        "--data", data, "--layers", I(shape.Layers), "--d-model", I(shape.DModel),
        "--context", I(shape.Context), "--tokens", tokens.ToString("0", CultureInfo.InvariantCulture), "--batch", I(batch),
    ];

    /// <summary>The options the executor adds (<see cref="Reserved"/> but --resume): where the run goes, its store, the nominal peak, JSON output and its threads.</summary>
    public static IEnumerable<string> Placement(string folder, string store, int threads) =>
        ["--out", folder, "--store", store, "--peak-flops", PeakFlops, "--json", "--threads", I(threads)];

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
