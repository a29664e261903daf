using System.Globalization;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Export;

/// <summary>
/// A planned run as a data-parallel GPU engine runs it. Megatron-LM and torchtitan both require the
/// global batch to be a whole number of micro-batches on every data-parallel rank (Megatron-LM's
/// num-microbatches calculator; torchtitan's num_tokens_per_train_step check), so the plan's batch is
/// rounded to the nearest multiple of micro-batch x data-parallel degree and the steps are recomputed
/// to cover the planned tokens; each change is a note.
/// </summary>
public sealed record EngineRun(PlannedRun Plan, int GlobalBatch, long Steps, long WarmupSteps, IReadOnlyList<string> Notes)
{
    public ModelShape Shape => Plan.Shape;
    public ParallelLayout Layout => Plan.Hardware.Layout;
    public int Context => Plan.Schedule.Context;
    public long GradientAccumulation => GlobalBatch / (Layout.MicroBatch * Layout.Data);

    /// <summary>The run for <paramref name="engine"/>, which runs on NVIDIA or AMD GPUs only.</summary>
    public static EngineRun For(PlannedRun plan, string engine, string parameter = "plan")
    {
        var hw = plan.Hardware;
        if (hw.Vendor is not ("NVIDIA" or "AMD"))
            throw new InputException(parameter, hw.Accelerator, $"{engine} runs on NVIDIA or AMD GPUs; this plan is for {hw.Accelerator}" +
                (hw.Vendor.Length > 0 && !hw.Vendor.StartsWith('(') ? $" ({hw.Vendor})" : ""));
        var notes = new List<string>();
        var s = plan.Schedule;
        var unit = hw.Layout.MicroBatch * hw.Layout.Data;
        var batch = (int)Math.Max(1, Math.Round((double)s.BatchSequences / unit)) * unit;
        var steps = s.Steps;
        if (batch != s.BatchSequences)
        {
            steps = (long)Math.Ceiling(plan.Tokens / ((double)batch * s.Context));
            notes.Add($"global batch {N(s.BatchSequences)} -> {N(batch)} sequences, the nearest multiple of micro-batch {hw.Layout.MicroBatch} x data-parallel {hw.Layout.Data} " +
                      $"that {engine} requires; {N(steps)} steps (plan: {N(s.Steps)}) cover the planned {new Tokens(plan.Tokens)} tokens");
        }
        var warmup = s.WarmupSteps < steps ? s.WarmupSteps : steps / 10;
        if (warmup != s.WarmupSteps) notes.Add($"warm-up {N(s.WarmupSteps)} -> {N(warmup)} steps (10% of the {N(steps)} steps)");
        return new EngineRun(plan, batch, steps, warmup, notes);
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
