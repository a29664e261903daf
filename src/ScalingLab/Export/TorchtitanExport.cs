using System.Globalization;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Export;

/// <summary>A torchtitan recipe module for a plan and the command that runs it.</summary>
/// <param name="Engine">The engine and the commit its fields were checked against.</param>
/// <param name="Module">The recipe's module name (the file is Module.py), for --module.</param>
/// <param name="Config">The function in it that returns the Trainer.Config, for --config.</param>
/// <param name="Recipe">The Python module's text.</param>
/// <param name="Command">The command that trains it: run_train.sh on one node, torchrun on each node of several.</param>
/// <param name="Nodes">Nodes and GPUs per node the command launches.</param>
/// <param name="Notes">What was changed to express the plan in torchtitan (SwiGLU width, rounding), one line each.</param>
public sealed record TorchtitanLaunch(string Engine, string Module, string Config, string Recipe, string Command, NodeLayout Nodes, IReadOnlyList<string> Notes);

/// <summary>
/// The plan as a torchtitan recipe (pytorch/torchtitan main at commit b5bcd76c, 2026-08-21; the
/// names, fields and parameters used are listed in data/engines/torchtitan-fields.txt): a function
/// returning <c>Trainer.Config</c>, derived from torchtitan's Llama 3 8B recipe (its data loader,
/// tokenizer, checkpointing and metrics) with the plan's model, schedule, batch, precision and
/// layout. torchtitan's decoder is Llama 3's (RMSNorm, rotary positions, SwiGLU, no biases), so a
/// GELU MLP of width f becomes a SwiGLU of width 2f/3 (same parameters and FLOPs); each such change
/// is a note.
/// </summary>
public static class TorchtitanExport
{
    public const string Commit = "b5bcd76c66d0acb1a08b176d9639425bc55e0b2a";
    public const string Engine = "torchtitan b5bcd76c (2026-08-21)";
    public const string ModuleName = "scalinglab_plan";
    public const int RendezvousPort = 29500;

    /// <param name="plan">The plan to export (from `plan --json` or a plan record).</param>
    /// <param name="gpusPerNode">GPUs per node; when null, the plan's instance's count, or 8 for a bare accelerator.</param>
    /// <param name="module">The recipe's module name: the file name it will be saved under, without .py.</param>
    /// <param name="parameter">The name errors blame for the plan (the CLI maps it to its flag).</param>
    public static TorchtitanLaunch Export(PlannedRun plan, int? gpusPerNode = null, string module = ModuleName, string parameter = "plan")
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(module, "^[A-Za-z_][A-Za-z0-9_]*$"))
            throw new InputException("output", module + ".py", "a recipe is imported by its file name, so the name must be a Python identifier (letters, digits, _) ending in .py");
        var run = EngineRun.For(plan, "torchtitan", parameter);
        var nodes = NodeLayout.For(plan.Hardware, gpusPerNode);
        var (shape, layout) = (run.Shape, run.Layout);
        if (plan.Schedule.Kind != ScheduleKind.Cosine)
            throw new InputException(parameter, plan.Schedule.Kind.Name(), "torchtitan's learning-rate decays (linear, sqrt, cosine) have no multi-step decay; plan with a cosine schedule");
        var dtype = plan.Hardware.Precision switch
        {
            Precision.Bf16 => "bfloat16",
            Precision.Fp32 or Precision.Tf32 => "float32",
            var p => throw new InputException(parameter, p.Key(), "the recipe trains with torchtitan's bfloat16 or float32 mixed precision; plan with bf16"),
        };
        if (shape.Heads * shape.HeadDim != shape.DModel)
            throw new InputException(parameter, $"{shape.Heads} heads x {shape.HeadDim}", $"torchtitan's attention has d_model / heads per head; the plan's heads x head size is not d_model {shape.DModel}");

        var notes = new List<string>(run.Notes);
        var hidden = shape.Mlp == MlpKind.SwiGlu ? shape.FfnDim : (int)Math.Max(256, Math.Round(2.0 * shape.FfnDim / 3 / 256) * 256);
        var llama = shape with { Mlp = MlpKind.SwiGlu, FfnDim = hidden, Positions = PositionKind.Rotary, Biases = false };
        if (llama != shape)
            notes.Add($"torchtitan's Llama 3 block: {Changes(shape, hidden)}; {new Parameters(ParameterCount.Total(llama))} parameters against the plan's shape's {new Parameters(ParameterCount.Total(shape))}");
        if (layout.ZeroStage is 1 or 2)
            notes.Add($"ZeRO-{layout.ZeroStage} is FSDP2 sharding with parameters kept gathered from forward to backward (fsdp_reshard_after_forward=\"never\"); torchtitan has no optimizer-only sharding");
        if (layout.Recompute == Recomputation.Selective)
            notes.Add("selective recomputation is torchtitan's per-op SelectiveAC (it recomputes every second matmul), not Korthikanti et al.'s attention-only recomputation the memory estimate assumed");

        var recipe = TorchtitanRecipe.Text(plan, run, hidden, dtype, module);
        var command = nodes.Nodes == 1
            ? $"NGPU={nodes.GpusPerNode} MODULE={module} CONFIG={module} ./run_train.sh"
            : string.Join(" ", Torchrun.Command(nodes.Nodes.ToString(), nodes.GpusPerNode, $"$HEAD_NODE:{RendezvousPort}", Program(module)));
        notes.Add($"save the recipe as {module}.py in the torchtitan checkout (or on PYTHONPATH) and run the command there");
        if (nodes.Nodes > 1)
            notes.Add($"{nodes.Nodes} nodes x {nodes.GpusPerNode} GPUs ({nodes.Basis}): run the command on every node with HEAD_NODE set to the first node's address " +
                      "(run_train.sh starts one node only); `export slurm` writes a batch script that does this");
        return new TorchtitanLaunch(Engine, module, module, recipe, command, nodes, notes);
    }

    /// <summary>What torchrun starts: torchtitan's trainer with the recipe module and its config function.</summary>
    public static IReadOnlyList<string> Program(string module) => ["-m", "torchtitan.train", "--module", module, "--config", module];

    private static string Changes(ModelShape s, int hidden)
    {
        var c = new List<string>();
        if (s.Mlp != MlpKind.SwiGlu) c.Add($"SwiGLU of width {hidden} for the GELU MLP of width {s.FfnDim}");
        if (s.Positions != PositionKind.Rotary) c.Add("rotary positions for learned ones");
        if (s.Biases) c.Add("no biases");
        return string.Join(", ", c);
    }

    internal static string F(double v) => v.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
