using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Reports;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Loop;
using ScalingLab.Training.Native;
using ScalingLab.Training.Store;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab train`: pretrain a decoder on a prepared dataset, or resume one.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<string>("--data") { Description = "A folder made by `data prepare`.", HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Run folder (checkpoints, metrics.jsonl, loss.png). Default: runs/run-<UTC time>.", HelpName = "DIR" };
        var pars = Options.Params("Model size: 1M, 250k. The nearest shape (width/depth ~128, heads of 64) is trained.");
        var tokens = Options.Tokens("Training tokens: 20M. Default with --params: the law's compute-optimal tokens.");
        var budget = Options.Budget("Training compute in FLOPs (6·N·D): the law's compute-optimal N and D, e.g. 1e13.");
        var layers = Options.Int("--layers", "Instead of --params: an explicit depth (with --d-model and --tokens; heads of 64, MLP 4d).", 1, 10_000);
        var dModel = Options.Int("--d-model", "Instead of --params: an explicit width (with --layers).", 1, 1_000_000);
        var law = Options.Law();
        var context = Options.Int("--context", "Sequence length.", 8, 65_536, 256);
        var batch = Options.Int("--batch", "Sequences per step.", 1, 65_536, 16);
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => 2e-3 };
        var warmup = new Option<double>("--warmup") { Description = "Warm-up as a share of the steps; cosine decay fills the rest.", DefaultValueFactory = _ => 0.05 };
        var precision = Options.Choice("--precision", "fp32 (alias f32), or bf16 (bfloat16 matrix products, float32 master weights). Default: fp32.",
            [("fp32", Precision.Fp32), ("f32", Precision.Fp32), .. Precisions.All.Where(x => x != Precision.Fp32).Select(x => (x.Key(), x))], Precision.Fp32);
        var seed = new Option<long>("--seed") { Description = "Seed for initial weights and data order.", DefaultValueFactory = _ => 1 };
        var evalEvery = new Option<int>("--eval-every") { Description = "Steps between validation passes. Default: a twentieth of the run." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints. Default: a tenth of the run." };
        var threads = Options.Int("--threads", "CPU threads for LibTorch.", 1, 1024, Math.Min(Environment.ProcessorCount, 2));
        var device = new Option<string>("--device") { Description = "cpu, or cuda where a CUDA build of LibTorch is installed.", DefaultValueFactory = _ => "cpu" };
        var store = new Option<string>("--store") { Description = "SQLite experiment store. Default: experiments.db beside the run folder.", HelpName = "FILE" };
        var spike = new Option<double>("--spike-factor") { Description = "Stop when the loss exceeds this multiple of its best moving average (or is NaN).", DefaultValueFactory = _ => 3.0 };
        var peak = new Option<double?>("--peak-flops") { Description = "Peak FLOP/s for MFU. Default: large-matmul FLOP/s measured at start-up." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint (options come from its run.json)." };
        var json = Options.Json();
        var cmd = new Command("train", """
            Pretrain a GPT-style decoder on a prepared dataset: AdamW, warm-up then cosine decay ending
            exactly at the planned tokens, gradient clipping, validation in nats per token and bits per
            byte, atomic checkpoints, metrics to metrics.jsonl and the SQLite store, a loss-curve PNG.
            Examples:
              scalinglab train --data data/brown-byte --budget 1e13
              scalinglab train --data data/brown-byte --params 1M --tokens 20M --precision bf16 --out runs/1m
              scalinglab train --resume --out runs/1m
            """)
        { data, output, pars, tokens, budget, layers, dModel, law, context, batch, lr, warmup, precision, seed, evalEvery, checkpointEvery, threads, device, store, spike, peak, resume, json };
        cmd.SetAction(p =>
        {
            var isResume = p.GetValue(resume);
            if (p.GetValue(peak) is { } pk && !(pk > 0 && double.IsFinite(pk)))
                throw new InputException("--peak-flops", pk.ToString("G"), "expected a positive number of FLOP/s, such as 1.5e11");
            var run = p.GetValue(output) ?? (isResume
                ? throw new InputException("--out", "(missing)", "give the run folder to resume")
                : Path.Combine("runs", "run-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
            RunRequest request;
            if (isResume)
            {
                if (p.GetResult(pars) is not null || p.GetResult(tokens) is not null || p.GetResult(budget) is not null)
                    throw new InputException("--resume", "true", "a resumed run keeps its own size and tokens; drop --params/--tokens/--budget");
                request = new RunRequest(run, Resume: true, StorePath: p.GetValue(store), PeakFlopsPerSecond: p.GetValue(peak));
            }
            else
            {
                var folder = p.GetValue(data) ?? throw new InputException("--data", "(missing)", "give a folder made by `scalinglab data prepare`");
                var meta = DatasetMetadata.Load(folder);
                var plan = Plan(p, meta, pars, tokens, budget, layers, dModel, law, p.GetValue(context));
                var steps = Math.Max(1, (long)Math.Ceiling(plan.Tokens.Value / ((double)p.GetValue(batch) * plan.Shape.Context)));
                var options = new TrainOptions(plan.Shape, plan.Tokens,
                    BatchSequences: p.GetValue(batch),
                    PeakLearningRate: p.GetValue(lr),
                    WarmupFraction: p.GetValue(warmup),
                    Precision: p.GetValue(precision),
                    Seed: p.GetValue(seed),
                    EvalEvery: p.GetResult(evalEvery) is null ? (int)Math.Max(1, steps / 20) : p.GetValue(evalEvery),
                    CheckpointEvery: p.GetResult(checkpointEvery) is null ? (int)Math.Max(1, steps / 10) : p.GetValue(checkpointEvery),
                    SpikeFactor: p.GetValue(spike),
                    Threads: p.GetValue(threads),
                    Device: p.GetValue(device)!).Validated();
                if (!p.GetValue(json))
                    ctx.Console.WriteLine($"Plan: {plan.Basis}");
                if (options.Precision == Precision.Bf16 && options.Device == "cpu" && CpuFeatures.HasNativeBf16() == false)
                    ctx.Err.WriteLine("warning: this CPU has no bfloat16 instructions (AVX512-BF16 or AMX); LibTorch emulates bf16 and it will be much slower than --precision f32");
                request = new RunRequest(run, folder, options, StorePath: p.GetValue(store), PeakFlopsPerSecond: p.GetValue(peak));
            }
            var result = TrainProgressView.Run(ctx, request, quiet: p.GetValue(json));
            var plot = Path.Combine(run, "loss.png");
            var manifest = RunManifest.Load(run);
            LossCurve.SavePng(new MetricsLog(run).Read().Select(m => new LossPoint(m.Tokens, m.TrainLoss, m.ValLoss)).ToList(), Title(manifest.Options, result), plot);
            Render(ctx, manifest, result, run, plot, request.StorePath ?? Trainer.DefaultStore(run), p.GetValue(json));
            if (result.Status == RunStatus.Diverged)
            {
                ctx.Err.WriteLine("error: " + result.Message);
                return Cli.InternalError;
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The shape and tokens to train: the plan pipeline's answer for --budget or --params [--tokens], or an explicit shape.</summary>
    private static (ModelShape Shape, Tokens Tokens, string Basis) Plan(ParseResult p, DatasetMetadata meta, Option<Parameters?> pars, Option<Tokens?> tokens, Option<Flops?> budget,
        Option<int> layers, Option<int> dModel, Option<ResolvedLaw> law, int context)
    {
        if (p.Given(layers) || p.Given(dModel))
        {
            if (p.Given(pars) || p.Given(budget))
                throw new InputException("--layers", p.GetValue(layers).ToString(), "give --layers/--d-model or --params or --budget, one of them");
            foreach (var o in new[] { layers, dModel })
                if (!p.Given(o)) throw new InputException(o.Name, "(missing)", "give --layers and --d-model together");
            var shape = ShapeSearch.Make(p.GetValue(layers), p.GetValue(dModel), new ShapeRequest(new Parameters(0), meta.VocabSize, context)).Validated();
            var t = p.GetValue(tokens) ?? throw new InputException("--tokens", "(missing)", "give --tokens with --layers/--d-model");
            return (shape, t, "shape and tokens as given");
        }
        if (p.GetValue(budget) is { } c && (p.Given(pars) || p.Given(tokens)))
            throw new InputException("--budget", c.ToString(), "give either --budget or --params [--tokens], not both");
        if (!p.Given(budget) && !p.Given(pars))
            throw new InputException("--params", "(missing)", "give --params N [--tokens D] or --budget C");
        var request = new PlanRequest(PlanQuestion.From(p.GetValue(budget), p.GetValue(pars), p.GetValue(tokens)), p.GetValue(law)!,
            Shape: new ShapeOptions(meta.VocabSize, context));
        var plan = Planner.Language(request);
        if (Math.Abs(plan.Shape.RelativeError) > ShapeTolerance)
            throw new InputException(p.Given(budget) ? "--budget" : "--params", plan.Allocation.Parameters.ToString(),
                $"no shape within {ShapeTolerance:P0} of {plan.Allocation.Parameters} parameters for vocabulary {meta.VocabSize} and context {context} (the nearest has {new Parameters(plan.Shape.Parameters)})" +
                (meta.VocabSize > 256 ? "; small models need a small vocabulary, such as `data prepare --tokenizer byte`" : "; ask for a larger model"));
        return (plan.Shape.Shape, plan.Allocation.Tokens, $"{plan.Question} under {plan.LawName}: N = {plan.Allocation.Parameters}, nearest shape has {new Parameters(plan.Shape.Parameters)}, {plan.Allocation.Tokens} tokens");
    }

    // Tiny models come in coarse steps (width in multiples of 64): the nearest shape may be far from N.
    private const double ShapeTolerance = 0.5;

    private static string Title(TrainOptions o, TrainResult r) =>
        $"{new Parameters(r.Parameters)} parameters ({o.Shape.Layers} x {o.Shape.DModel}), {new Tokens(o.Tokens.Value)} tokens, {o.Precision.Key()}";

    private static void Render(CliContext ctx, RunManifest m, TrainResult r, string run, string plot, string store, bool json)
    {
        var s = m.Options.Shape;
        if (json)
        {
            JsonOutput.Write(ctx, new JsonObject
            {
                ["status"] = r.Status.ToString().ToLowerInvariant(),
                ["parameters"] = r.Parameters,
                ["tokens"] = r.TokensSeen,
                ["plannedTokens"] = m.Options.Tokens.Value,
                ["steps"] = r.Steps,
                ["finalTrainLoss"] = Finite(r.FinalTrainLoss),
                ["finalValLoss"] = Finite(r.FinalValLoss),
                ["valBitsPerByte"] = Finite(r.FinalValBitsPerByte),
                ["seconds"] = r.Seconds,
                ["tokensPerSecond"] = r.TokensPerSecond,
                ["shape"] = new JsonObject
                {
                    ["layers"] = s.Layers, ["dModel"] = s.DModel, ["heads"] = s.Heads, ["ffn"] = s.FfnDim,
                    ["vocab"] = s.Vocab, ["context"] = s.Context,
                },
                ["precision"] = m.Options.Precision.Key(),
                ["runFolder"] = Path.GetFullPath(run),
                ["plot"] = Path.GetFullPath(plot),
                ["store"] = Path.GetFullPath(store),
            });
            return;
        }
        var t = Tables.New("Run", "Value");
        t.Row("Status", r.Status == RunStatus.Completed ? "completed" : r.Message);
        t.Row("Model", $"{r.Parameters:N0} parameters: {s.Layers} layer{(s.Layers == 1 ? "" : "s")}, d_model {s.DModel}, {s.Heads} heads, vocab {s.Vocab}, context {s.Context}");
        t.Row("Tokens", $"{r.TokensSeen:N0} of {m.Options.Steps * m.Options.TokensPerStep:N0} ({r.Steps:N0} of {m.Options.Steps:N0} steps)");
        t.Row("Final train loss", $"{r.FinalTrainLoss:0.0000} nats/token");
        t.Row("Final validation loss", $"{r.FinalValLoss:0.0000} nats/token, {r.FinalValBitsPerByte:0.0000} bits/byte");
        t.Row("Time", $"{r.Seconds:0.0} s, {r.TokensPerSecond:N0} tokens/s ({m.Options.Precision.Key()})");
        t.Row("Run folder", Path.GetFullPath(run));
        t.Row("Loss curve", Path.GetFullPath(plot));
        t.Row("Experiment store", Path.GetFullPath(store));
        ctx.Console.Write(t);
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
