using System.Globalization;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Export;

/// <summary>Megatron-LM command-line arguments for a plan, with the notes on what was adjusted.</summary>
/// <param name="Engine">The engine and the version the flags were checked against.</param>
/// <param name="Arguments">The arguments, one token each, in the order `pretrain_gpt.py` takes them.</param>
/// <param name="Notes">What was adjusted to fit Megatron-LM (rounding, unsupported options), one line each.</param>
public sealed record MegatronLaunch(string Engine, IReadOnlyList<string> Arguments, IReadOnlyList<string> Notes)
{
    /// <summary>One flag and its value a line.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string Text => string.Concat(Lines().Select(l => l + "\n"));

    private IEnumerable<string> Lines()
    {
        for (var i = 0; i < Arguments.Count; i++)
            yield return i + 1 < Arguments.Count && !Arguments[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? Arguments[i] + " " + Arguments[++i]
                : Arguments[i];
    }
}

/// <summary>
/// The plan as Megatron-LM pretraining arguments (NVIDIA/Megatron-LM main at commit d98e8a64,
/// 2026-08-22, whose flags are listed in data/engines/megatron-flags.txt): the shape, the batch and
/// steps, the learning-rate schedule, the precision and the parallel layout. ZeRO-1 is Megatron-LM's
/// distributed optimizer; ZeRO-2 and ZeRO-3 are Megatron-FSDP's optim_grads and optim_grads_params
/// sharding. Data, tokenizer, checkpoint and optimizer settings the plan does not decide are left to
/// the user (Megatron-LM's defaults apply).
/// </summary>
public static class MegatronExport
{
    public const string Commit = "d98e8a64ddf34856e74b24714e3bedb2f5a39553";
    public const string Engine = "Megatron-LM d98e8a64 (2026-08-22)";

    public static MegatronLaunch Export(PlannedRun plan, string parameter = "plan")
    {
        var run = EngineRun.For(plan, "Megatron-LM", parameter);
        var (shape, layout) = (run.Shape, run.Layout);
        if (plan.Schedule.Kind != ScheduleKind.Cosine)
            throw new InputException(parameter, plan.Schedule.Kind.Name(),
                "Megatron-LM's learning-rate schedules (constant, linear, cosine, inverse-square-root, WSD) have no multi-step decay; plan with a cosine schedule");
        if (shape.Layers % layout.Pipeline != 0)
            throw new InputException(parameter, $"pipeline-parallel {layout.Pipeline}",
                $"Megatron-LM splits the {shape.Layers} layers evenly over pipeline stages, and {layout.Pipeline} does not divide them");
        if (shape.Heads % layout.Tensor != 0)
            throw new InputException(parameter, $"tensor-parallel {layout.Tensor}", $"the tensor-parallel degree must divide the {shape.Heads} attention heads");

        var a = new List<string>();
        void Add(string flag, object? value = null)
        {
            a.Add(flag);
            if (value is not null) a.Add(Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }
        Add("--num-layers", shape.Layers);
        Add("--hidden-size", shape.DModel);
        Add("--ffn-hidden-size", shape.FfnDim);
        Add("--num-attention-heads", shape.Heads);
        Add("--kv-channels", shape.HeadDim);
        Add("--seq-length", run.Context);
        Add("--max-position-embeddings", run.Context);
        Add("--vocab-size", shape.Vocab);
        Add("--position-embedding-type", shape.Positions == PositionKind.Rotary ? "rope" : "learned_absolute");
        if (shape.Mlp == MlpKind.SwiGlu) Add("--swiglu");
        if (!shape.TiedEmbeddings) Add("--untie-embeddings-and-output-weights");
        if (!shape.Biases) Add("--disable-bias-linear");

        Add("--micro-batch-size", layout.MicroBatch);
        Add("--global-batch-size", run.GlobalBatch);
        Add("--train-iters", run.Steps);
        Add("--lr", R(plan.Schedule.PeakLearningRate));
        Add("--min-lr", R(plan.Schedule.FinalLearningRate));
        Add("--lr-decay-style", "cosine");
        Add("--lr-warmup-iters", run.WarmupSteps);
        Add("--lr-decay-iters", run.Steps);

        var notes = new List<string>(run.Notes);
        switch (plan.Hardware.Precision)
        {
            case Precision.Bf16: Add("--bf16"); break;
            case Precision.Fp16: Add("--fp16"); break;
            case Precision.Fp8:
                Add("--bf16");
                Add("--fp8-format", "hybrid");
                notes.Add("fp8 is Transformer Engine's hybrid recipe (E4M3 forward, E5M2 backward) over bf16 weights");
                break;
            case Precision.Tf32 or Precision.Fp32:
                notes.Add("no precision flag: Megatron-LM trains in fp32 without --bf16 or --fp16");
                break;
            default:
                throw new InputException(parameter, plan.Hardware.Precision.Key(), "Megatron-LM trains in bf16, fp16, fp8 or fp32");
        }

        Add("--tensor-model-parallel-size", layout.Tensor);
        Add("--pipeline-model-parallel-size", layout.Pipeline);
        if (layout.Tensor > 1 && layout.SequenceParallel) Add("--sequence-parallel");
        switch (layout.ZeroStage)
        {
            case 1: Add("--use-distributed-optimizer"); break;
            case 2 or 3:
                Add("--use-megatron-fsdp");
                Add("--data-parallel-sharding-strategy", layout.ZeroStage == 2 ? "optim_grads" : "optim_grads_params");
                Add("--ckpt-format", "fsdp_dtensor");
                break;
        }
        switch (layout.Recompute)
        {
            case Recomputation.Selective: Add("--recompute-granularity", "selective"); break;
            case Recomputation.Full:
                Add("--recompute-granularity", "full");
                Add("--recompute-method", "uniform");
                Add("--recompute-num-layers", 1);
                break;
        }
        return new MegatronLaunch(Engine, a, notes);
    }

    /// <summary>A learning rate with four significant digits, as a flag value.</summary>
    internal static string R(double v) => v.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
