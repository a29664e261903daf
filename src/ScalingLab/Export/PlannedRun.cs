using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;

namespace ScalingLab.Export;

/// <summary>The schedule as a plan file gives it: learning rates, batch in sequences, steps and warm-up.</summary>
public sealed record PlannedSchedule(
    ScheduleKind Kind,
    double PeakLearningRate,
    double FinalLearningRate,
    int BatchSequences,
    int Context,
    long Steps,
    long WarmupSteps);

/// <summary>
/// The hardware as a plan file gives it: the accelerator (name and vendor), how many, the precision,
/// the wall clock, the parallel layout found, and the cloud instance when one was named.
/// </summary>
public sealed record PlannedHardware(
    string Accelerator,
    string Vendor,
    int Count,
    Precision Precision,
    double WallClockSeconds,
    ParallelLayout Layout,
    string? Instance,
    int? AcceleratorsPerInstance);

/// <summary>
/// What an export needs from a plan (the output of `plan ... --json` with hardware): the question in
/// words, the shape, the planned parameters and tokens, the schedule and the hardware with its layout.
/// </summary>
public sealed record PlannedRun(
    string Question,
    ModelShape Shape,
    double Parameters,
    double Tokens,
    PlannedSchedule Schedule,
    PlannedHardware Hardware)
{
    /// <summary>A job name for schedulers: "scalinglab-" and the size, such as scalinglab-39b (letters, digits and dashes only).</summary>
    public string JobName => "scalinglab-" + (Parameters >= 1e9 ? $"{Math.Round(Parameters / 1e9):0}b" : Parameters >= 1e6 ? $"{Math.Round(Parameters / 1e6):0}m" : $"{Math.Round(Parameters / 1e3):0}k");
}
