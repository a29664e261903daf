using System.Text.Json;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;
using ScalingLab.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Export;

/// <summary>
/// Reads a plan written by `plan ... --json` back into a <see cref="PlannedRun"/>. Only what an export
/// needs is read; a plan without hardware, without a parallel layout, or whose model fits no layout
/// is refused with one message saying how to plan again.
/// </summary>
public static class PlanFile
{
    private const string Expected = "expected the JSON that `scalinglab plan ... --json` writes";

    public static PlannedRun Read(string path, string parameter = "plan")
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(parameter, path, $"cannot read it ({e.Message.TrimEnd('.')})");
        }
        return Parse(text, path, parameter);
    }

    public static PlannedRun Parse(string json, string name, string parameter = "plan")
    {
        PlanJson? plan;
        try { plan = JsonSerializer.Deserialize<PlanJson>(json, ScalingLabJson.Options); }
        catch (JsonException e) { throw new InputException(parameter, name, $"{Expected} ({JsonFile.Describe(e)})"); }
        if (plan?.Shape is not { } shape || plan.Schedule is not { } s || plan.Parameters is not { } n || plan.Tokens is not { } d)
            throw new InputException(parameter, name, Expected + " for a language model (shape, schedule, parameters and tokens)");
        // The figures a plan can hold (UsableRange); a plan file edited to 1e300 parameters exports nothing.
        if (!(n >= Allocation.Allocator.MinParameters && n <= Allocation.Allocator.MaxParameters) || !(d >= Planning.UsableRange.MinTokens && d <= Planning.UsableRange.MaxTokens))
            throw new InputException(parameter, name, $"{Expected} (its {QuantityFormat.Scientific(n)} parameters and {QuantityFormat.Scientific(d)} tokens lie outside what plans answer for: {Planning.UsableRange.Description})");
        const string again = "re-run `scalinglab plan` with --gpus NxNAME (e.g. --gpus 256xH100 --days 20 --instance p5.48xlarge) and --json";
        if (plan.Hardware is not { } hw || hw.Count is not { } count || hw.Accelerator is null)
            throw new InputException(parameter, name, "the plan has no hardware to export for; " + again);
        if (hw.Layout?.Layout is not { } layout)
            throw new InputException(parameter, name, $"the plan has no parallel layout ({hw.Accelerator}'s memory is unknown, or no cluster size was given); " + again);
        if (layout.Devices != count)
            throw new InputException(parameter, name, $"{Expected} (its layout {layout} uses {layout.Devices} accelerators, the plan {count})");
        if (!hw.Layout.Fits)
            throw new InputException(parameter, name, $"the planned model fits no layout of {count} x {hw.Accelerator}; plan the largest model that fits (the plan's largestFittingPlan) or more accelerators");
        if (hw.Run?.WallClock is not { } seconds || !(seconds > 0))
            throw new InputException(parameter, name, "the plan has no wall clock; " + again);
        if (s.BatchSequences < 1 || s.Steps < 1 || s.Context < 1 || !(s.PeakLearningRate > 0))
            throw new InputException(parameter, name, Expected + " (its schedule has no batch, steps or learning rate)");
        try { shape.Validated(); }
        catch (InputException e) { throw new InputException(parameter, name, $"{Expected} (shape {e.Parameter} is {e.Value})"); }
        return new PlannedRun(plan.Question ?? "", shape, n, d,
            new PlannedSchedule(s.Kind, s.PeakLearningRate, s.FinalLearningRate, s.BatchSequences, s.Context, s.Steps, s.WarmupSteps),
            new PlannedHardware(hw.Accelerator, hw.Vendor ?? "", count, hw.Precision, seconds, layout, hw.Instance, hw.AcceleratorsPerInstance));
    }

    // The parts of the plan JSON read here, under the same names `plan --json` writes.
    private sealed record PlanJson(string? Question, ModelShape? Shape, double? Parameters, double? Tokens, ScheduleJson? Schedule, HardwareJson? Hardware);
    private sealed record ScheduleJson(ScheduleKind Kind, double PeakLearningRate, double FinalLearningRate, int BatchSequences, int Context, long Steps, long WarmupSteps);
    private sealed record HardwareJson(string? Accelerator, string? Vendor, int? Count, Precision Precision, RunJson? Run, LayoutJson? Layout, string? Instance, int? AcceleratorsPerInstance);
    private sealed record RunJson(double? WallClock);
    private sealed record LayoutJson(ParallelLayout? Layout, bool Fits);
}
