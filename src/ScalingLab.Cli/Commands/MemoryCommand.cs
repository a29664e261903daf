using System.CommandLine;
using ScalingLab.Cli.Rendering;
using Spectre.Console;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab memory`: per-device training memory for a model and a parallel layout, or the best layout on a cluster.</summary>
public static class MemoryCommand
{
    public static Command Create(CliContext ctx)
    {
        var pars = Options.Params("Parameter count for the model states (weights, gradients, Adam). Alone: a shape is proposed for the activations.");
        var layers = Options.Int("--layers", "Transformer blocks (with --d-model: use this shape).", 1, 100_000);
        var dModel = Options.Int("--d-model", "Hidden size h.", 1, 1_000_000);
        var heads = Options.Int("--heads", "Attention heads a (default: d_model / 64).", 1, 100_000);
        var vocab = Options.Int("--vocab", "Vocabulary size.", 1, 10_000_000, 32000);
        var context = Options.Int("--context", "Sequence length s.", 1, 10_000_000, 2048);
        var microBatch = Options.Int("--micro-batch", "Sequences per micro-batch b.", 1, 1_000_000, 1);
        var tp = Options.Int("--tp", "Tensor-parallel degree t.", 1, 100_000, 1);
        var pp = Options.Int("--pp", "Pipeline-parallel degree p.", 1, 100_000, 1);
        var dp = Options.Int("--dp", "Data-parallel degree N_d (default: the --gpus count / (t·p), else 1).", 1, Cluster.MaxCount);
        var zero = Options.Int("--zero", "ZeRO stage 0-3: 1 shards optimizer states, 2 also gradients, 3 also weights.", 0, 3, 0);
        var recompute = Options.Choice("--recompute", "Activation recomputation: none, selective, full.",
            Enum.GetValues<Recomputation>().Select(r => (r.Key(), r)).ToList(), Recomputation.None);
        var sp = new Option<bool>("--sequence-parallel") { Description = "Sequence parallelism (with --tp > 1)." };
        var gpus = new Option<string>("--gpus") { Description = "Cluster as COUNTxNAME (256xH100): check the fit, derive --dp, or --search.", HelpName = "NxNAME" };
        var search = new Option<bool>("--search") { Description = "Search layouts on --gpus and report the preferred one that fits." };
        var file = HardwareOptions.HardwareFileOption();
        var json = Options.Json();
        var cmd = new Command("memory", """
            Per-device training memory: fp16/bf16 weights and gradients and fp32 Adam states under
            ZeRO stages 0-3 (Rajbhandari et al. 2020), split by tensor and pipeline parallelism, plus
            activations per Korthikanti et al. 2022 Table 2 (no/selective/full recomputation, with
            or without sequence parallelism) on the first pipeline stage. Framework buffers and
            fragmentation are not counted. Sizes in GB = 1e9 bytes.
            Examples:
              scalinglab memory --params 7.5B --dp 64 --zero 1          (ZeRO paper: 31.4 GB of model states)
              scalinglab memory --layers 96 --d-model 12288 --heads 96 --tp 8 --pp 8 --recompute selective --sequence-parallel
              scalinglab memory --params 70B --gpus 64xH100 --search
            """)
        { pars, layers, dModel, heads, vocab, context, microBatch, tp, pp, dp, zero, recompute, sp, gpus, search, file, json };
        cmd.SetAction(p =>
        {
            var (v, s) = (p.GetValue(vocab), p.GetValue(context));
            var fixedN = p.GetValue(pars);
            ModelShape shape;
            if (p.Given(layers) || p.Given(dModel))
            {
                if (!p.Given(layers)) throw new InputException("--layers", "(missing)", "give --layers with --d-model");
                if (!p.Given(dModel)) throw new InputException("--d-model", "(missing)", "give --d-model with --layers");
                var d = p.GetValue(dModel);
                var h = p.Given(heads) ? p.GetValue(heads) : Math.Max(1, d / 64);
                shape = new ModelShape(p.GetValue(layers), d, h, Math.Max(1, d / h), 4 * d, v, s).Validated();
            }
            else if (fixedN is { } n)
                shape = ShapeSearch.Propose(new ShapeRequest(n, v, s)).Shape;
            else throw new InputException("--params", "(missing)", "give --params, or --layers and --d-model");
            var parameters = fixedN ?? new Parameters(ParameterCount.Total(shape));

            Cluster? cluster = p.GetResult(gpus) is null ? null : Cluster.Parse(p.GetValue(gpus)!, HardwareOptions.Catalog(p, file), field: gpus.Name);
            MemoryReport report;
            if (p.GetValue(search))
            {
                if (cluster is null) throw new InputException("--search", "true", "give --gpus to search layouts on");
                var choice = LayoutSearch.Best(parameters, shape, cluster);
                report = new MemoryReport(parameters, shape, choice.Layout, choice.Memory, cluster, choice.LayoutsChecked);
            }
            else
            {
                var (t, pipe) = (p.GetValue(tp), p.GetValue(pp));
                int data;
                if (p.Given(dp)) data = p.GetValue(dp);
                else if (cluster is not null)
                {
                    if (cluster.Count % (t * pipe) != 0)
                        throw new InputException("--gpus", cluster.ToString(), $"the count must be a multiple of --tp x --pp = {t * pipe}");
                    data = cluster.Count / (t * pipe);
                }
                else data = 1;
                var layout = new ParallelLayout(t, pipe, data, p.GetValue(zero), p.GetValue(recompute), p.GetValue(sp), p.GetValue(microBatch));
                if (cluster is not null && layout.Devices != cluster.Count)
                    throw new InputException("--dp", data.ToString(), $"t x p x d = {layout.Devices} must equal the {cluster.Count} devices of --gpus");
                report = new MemoryReport(parameters, shape, layout, TrainingMemory.Estimate(parameters, shape, layout), cluster, null);
            }
            if (p.GetValue(json)) JsonOutput.Write(ctx, report);
            else Render(ctx, report);
            return 0;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, MemoryReport r)
    {
        var (shape, layout, m) = (r.Shape, r.Layout, r.Breakdown);
        ctx.Console.WriteLine($"Model: {r.Parameters} parameters; {shape.Layers} layers, d_model {shape.DModel}, {shape.Heads} heads, sequence {shape.Context}");
        ctx.Console.WriteLine($"Layout: {layout} ({layout.Devices} devices)" + (r.LayoutsChecked is { } lc ? $", preferred of {lc} layouts checked" : ""));
        var t = Tables.New("Per device", "GB", "Share");
        foreach (var (name, bytes) in new[] { ("Weights (16-bit)", m.Weights), ("Gradients (16-bit)", m.Gradients), ("Adam states (fp32, 12 B/param)", m.OptimizerStates),
                     ($"  model states, ZeRO-{layout.ZeroStage}", m.Weights + m.Gradients + m.OptimizerStates), ("Activations", m.Activations), ("Total", m.Total) })
            t.Row(name, QuantityFormat.Significant(bytes / 1e9, 4), m.Total > 0 ? $"{bytes / m.Total:0%}" : "-");
        ctx.Console.Write(t);
        if (r.Cluster is { } cluster)
            ctx.Console.WriteLine(r.DeviceMemoryBytes is { } c
                ? (m.Total <= c ? $"Fits on {cluster.Accelerator.Name}: {HardwareRendering.Gb(m.Total)} of {HardwareRendering.Gb(c)} ({m.Total / c:0%}; framework buffers not counted)."
                                 : $"Does NOT fit on {cluster.Accelerator.Name}: {HardwareRendering.Gb(m.Total)} needed, {HardwareRendering.Gb(c)} available.")
                : $"{cluster.Accelerator.Name} memory is unknown: no fit check.");
    }
}
