using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab memory`: per-device training memory for a model and a parallel layout, or the best layout on a cluster.</summary>
public static class MemoryCommand
{
    public static Command Create(CliContext ctx)
    {
        var pars = Options.Params("Parameter count for the model states (weights, gradients, Adam). Alone: a shape is proposed for the activations.");
        var layers = new Option<int>("--layers") { Description = "Transformer blocks (with --d-model: use this shape)." };
        var dModel = new Option<int>("--d-model") { Description = "Hidden size h." };
        var heads = new Option<int>("--heads") { Description = "Attention heads a (default: d_model / 64)." };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => 32000 };
        var context = new Option<int>("--context") { Description = "Sequence length s.", DefaultValueFactory = _ => 2048 };
        var microBatch = new Option<int>("--micro-batch") { Description = "Sequences per micro-batch b.", DefaultValueFactory = _ => 1 };
        var tp = new Option<int>("--tp") { Description = "Tensor-parallel degree t.", DefaultValueFactory = _ => 1 };
        var pp = new Option<int>("--pp") { Description = "Pipeline-parallel degree p.", DefaultValueFactory = _ => 1 };
        var dp = new Option<int>("--dp") { Description = "Data-parallel degree N_d (default: the --gpus count / (t·p), else 1)." };
        var zero = new Option<int>("--zero") { Description = "ZeRO stage 0-3: 1 shards optimizer states, 2 also gradients, 3 also weights.", DefaultValueFactory = _ => 0 };
        var recompute = new Option<string>("--recompute") { Description = "Activation recomputation: none, selective, full.", DefaultValueFactory = _ => "none" };
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
            var v = Options.Int(p, vocab, 1, 10_000_000);
            var s = Options.Int(p, context, 1, 10_000_000);
            var fixedN = Options.Optional(p, pars, QuantityParser.Parameters);
            ModelShape shape;
            if (p.GetResult(layers) is not null || p.GetResult(dModel) is not null)
            {
                if (p.GetResult(layers) is null) throw new InputException("--layers", "(missing)", "give --layers with --d-model");
                if (p.GetResult(dModel) is null) throw new InputException("--d-model", "(missing)", "give --d-model with --layers");
                var d = Options.Int(p, dModel, 1, 1_000_000);
                var h = p.GetResult(heads) is null ? Math.Max(1, d / 64) : Options.Int(p, heads, 1, 100_000);
                shape = new ModelShape(Options.Int(p, layers, 1, 100_000), d, h, Math.Max(1, d / h), 4 * d, v, s).Validated();
            }
            else if (fixedN is { } n)
                shape = ShapeSearch.Propose(new ShapeRequest(n, v, s)).Shape;
            else throw new InputException("--params", "(missing)", "give --params, or --layers and --d-model");
            var parameters = fixedN ?? new Parameters(ParameterCount.Total(shape));

            Cluster? cluster = p.GetResult(gpus) is null ? null : Cluster.Parse(p.GetValue(gpus)!, HardwareOptions.Catalog(p, file), field: gpus.Name);
            ParallelLayout layout;
            int? checkedCount = null;
            MemoryBreakdown memory;
            if (p.GetValue(search))
            {
                if (cluster is null) throw new InputException("--search", "true", "give --gpus to search layouts on");
                var choice = LayoutSearch.Best(parameters, shape, cluster);
                (layout, memory, checkedCount) = (choice.Layout, choice.Memory, choice.LayoutsChecked);
            }
            else
            {
                var t = Options.Int(p, tp, 1, 100_000);
                var pipe = Options.Int(p, pp, 1, 100_000);
                int data;
                if (p.GetResult(dp) is not null) data = Options.Int(p, dp, 1, Cluster.MaxCount);
                else if (cluster is not null)
                {
                    if (cluster.Count % (t * pipe) != 0)
                        throw new InputException("--gpus", cluster.ToString(), $"the count must be a multiple of --tp x --pp = {t * pipe}");
                    data = cluster.Count / (t * pipe);
                }
                else data = 1;
                layout = new ParallelLayout(t, pipe, data, Options.Int(p, zero, 0, 3),
                    Recomputations.Parse(p.GetValue(recompute) ?? "none", recompute.Name), p.GetValue(sp), Options.Int(p, microBatch, 1, 1_000_000));
                if (cluster is not null && layout.Devices != cluster.Count)
                    throw new InputException("--dp", data.ToString(), $"t x p x d = {layout.Devices} must equal the {cluster.Count} devices of --gpus");
                memory = TrainingMemory.Estimate(parameters, shape, layout);
            }
            Render(ctx, parameters, shape, layout, memory, cluster, checkedCount, p.GetValue(json));
            return 0;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, Parameters n, ModelShape shape, ParallelLayout layout, MemoryBreakdown m,
        Cluster? cluster, int? layoutsChecked, bool json)
    {
        var capacity = cluster?.Accelerator.MemoryBytes;
        if (json)
        {
            var o = new JsonObject
            {
                ["parameters"] = n.Value,
                ["shape"] = new JsonObject { ["layers"] = shape.Layers, ["dModel"] = shape.DModel, ["heads"] = shape.Heads, ["context"] = shape.Context, ["vocab"] = shape.Vocab },
                ["layout"] = HardwareRendering.Layout(layout),
                ["bytesPerDevice"] = m.Total,
                ["breakdown"] = HardwareRendering.Breakdown(m),
            };
            if (cluster is not null)
            {
                o["accelerator"] = cluster.Accelerator.Name;
                o["devices"] = cluster.Count;
                o["deviceMemoryBytes"] = capacity;
                o["fits"] = capacity is { } c ? m.Total <= c : null;
            }
            if (layoutsChecked is { } k) o["layoutsChecked"] = k;
            JsonOutput.Write(ctx.Out, o);
            return;
        }
        ctx.Console.WriteLine($"Model: {n} parameters; {shape.Layers} layers, d_model {shape.DModel}, {shape.Heads} heads, sequence {shape.Context}");
        ctx.Console.WriteLine($"Layout: {layout} ({layout.Devices} devices)" + (layoutsChecked is { } lc ? $", preferred of {lc} layouts checked" : ""));
        var t = Tables.New("Per device", "GB", "Share");
        foreach (var (name, bytes) in new[] { ("Weights (16-bit)", m.Weights), ("Gradients (16-bit)", m.Gradients), ("Adam states (fp32, 12 B/param)", m.OptimizerStates),
                     ($"  model states, ZeRO-{layout.ZeroStage}", m.Weights + m.Gradients + m.OptimizerStates), ("Activations", m.Activations), ("Total", m.Total) })
            t.Row(name, QuantityFormat.Significant(bytes / 1e9, 4), m.Total > 0 ? $"{bytes / m.Total:0%}" : "-");
        ctx.Console.Write(t);
        if (cluster is not null)
            ctx.Console.WriteLine(capacity is { } c
                ? (m.Total <= c ? $"Fits on {cluster.Accelerator.Name}: {HardwareRendering.Gb(m.Total)} of {HardwareRendering.Gb(c)} ({m.Total / c:0%}; framework buffers not counted)."
                                 : $"Does NOT fit on {cluster.Accelerator.Name}: {HardwareRendering.Gb(m.Total)} needed, {HardwareRendering.Gb(c)} available.")
                : $"{cluster.Accelerator.Name} memory is unknown: no fit check.");
    }
}
