using System.CommandLine;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Training.Loop;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// The options of `train`, and the <see cref="RunSpec"/> they ask for. Every option that shapes the
/// run maps to one field of the spec, by the spec's parameter name, so a run started again can be
/// compared with its record option by option.
/// </summary>
public sealed class TrainOptionSet
{
    public readonly Option<string> Data = new("--data") { Description = "A folder made by `data prepare`.", HelpName = "DIR" };
    public readonly Option<string> Output = new("--out") { Description = "Run folder (run.json, checkpoints, metrics.jsonl, loss.png). A folder that holds the same run continues it. Default: runs/run-<UTC time>.", HelpName = "DIR" };
    public readonly Option<Parameters?> Params = Options.Params("Model size: 1M, 250k. The plan's nearest shape (width/depth ~128, heads of 64) is trained.");
    public readonly Option<Tokens?> Tokens = Options.Tokens("Training tokens: 20M. Default: the law's compute-optimal tokens for the size or budget.");
    public readonly Option<Flops?> Budget = Options.Budget("Training compute in FLOPs (6·N·D): the law's compute-optimal N and D, e.g. 1e13.");
    public readonly Option<int> Layers = Options.Int("--layers", "Instead of --params: an explicit depth (with --d-model and --tokens; heads of 64, MLP 4d).", 1, 10_000);
    public readonly Option<int> DModel = Options.Int("--d-model", "Instead of --params: an explicit width (with --layers).", 1, 1_000_000);
    public readonly Option<ResolvedLaw> Law = Options.Law();
    public readonly Option<int> Context = Options.Int("--context", "Sequence length.", TrainOptions.MinContext, 65_536, 256);
    public readonly Option<int> Batch = Options.Int("--batch", "Sequences per step. Default: the plan's hyperparameter rule (deepseek2024).", 1, Scheduler.MaxBatchSequences, helpName: "SEQUENCES");
    public readonly Option<double> Lr = Options.Real("--lr", "Peak learning rate (AdamW). Default: the plan's hyperparameter rule (deepseek2024).",
        LearningRateSchedule.MinRate, LearningRateSchedule.MaxRate, helpName: "RATE");
    public readonly Option<double> Warmup = Options.Real("--warmup", "Warm-up as a share of the steps; cosine decay fills the rest. Default: the plan's (2,000 steps, at most 10% of the run).",
        0, Scheduler.MaxWarmupFraction, helpName: "SHARE");
    public readonly Option<Precision> Precision = Options.Choice("--precision", "fp32 (alias f32), or bf16 (bfloat16 matrix products, float32 master weights). Default: fp32.",
        [("fp32", Hardware.Precision.Fp32), ("f32", Hardware.Precision.Fp32), .. Precisions.All.Where(x => x != Hardware.Precision.Fp32).Select(x => (x.Key(), x))], Hardware.Precision.Fp32);
    public readonly Option<long> Seed = new("--seed") { Description = "Seed for initial weights and data order.", DefaultValueFactory = _ => 1 };
    public readonly Option<int> EvalEvery = Options.Int("--eval-every", "Steps between validation passes. Default: a twentieth of the run.", 1, int.MaxValue, helpName: "STEPS");
    public readonly Option<int> CheckpointEvery = Options.Int("--checkpoint-every", "Steps between checkpoints. Default: a tenth of the run.", 1, int.MaxValue, helpName: "STEPS");
    public readonly Option<int> Threads = Options.Int("--threads", "CPU threads for LibTorch.", 1, 1024, Math.Min(Environment.ProcessorCount, 2));
    public readonly Option<TrainingDevice> Device = Options.Choice("--device", "cpu, or cuda where a CUDA build of LibTorch is installed. Default: cpu.",
        [("cpu", TrainingDevice.Cpu), ("cuda", TrainingDevice.Cuda)], TrainingDevice.Cpu);
    public readonly Option<string> Store = new("--store") { Description = "SQLite experiment store. Default: experiments.db beside the run folder; a run keeps the store it started with.", HelpName = "FILE" };
    public readonly Option<double> Spike = Options.Real("--spike-factor", "Stop when the loss exceeds this multiple of its best moving average (or is NaN).", 1.01, 1e9, 3.0);
    public readonly Option<double?> PeakFlops = Options.Parsed<double>("--peak-flops", "Peak FLOP/s for MFU. Default: large-matmul FLOP/s measured at start-up.", "FLOPS",
        (t, f) => QuantityParser.Positive(t, f, "expected a positive number of FLOP/s, such as 1.5e11"));
    public readonly Option<bool> Resume = new("--resume") { Description = "Continue the run in --out from its newest checkpoint (its options come from its run.json)." };
    public readonly Option<bool> DryRun = new("--dry-run") { Description = "Plan the run, check the data and write run.json, but train nothing (the same command without it then trains)." };
    public readonly Option<bool> Json = Options.Json();

    public void AddTo(Command cmd)
    {
        foreach (Option o in new Option[] { Data, Output, Params, Tokens, Budget, Layers, DModel, Law, Context, Batch, Lr, Warmup, Precision, Seed,
                     EvalEvery, CheckpointEvery, Threads, Device, Store, Spike, PeakFlops, Resume, DryRun, Json })
            cmd.Add(o);
    }

    /// <summary>The spec's fields, each with the option that sets it (the spec's parameter names, in its order).</summary>
    private IEnumerable<(string Parameter, Option Option)> Fields() =>
    [
        ("data", Data), ("budget", Budget), ("parameters", Params), ("tokens", Tokens), ("layers", Layers), ("dModel", DModel),
        ("context", Context), ("law", Law), ("learningRate", Lr), ("batchSequences", Batch), ("warmupFraction", Warmup),
        ("precision", Precision), ("seed", Seed), ("evalEvery", EvalEvery), ("checkpointEvery", CheckpointEvery),
        ("spikeFactor", Spike), ("threads", Threads), ("device", Device),
    ];

    /// <summary>The spec parameters this command line sets explicitly.</summary>
    public IReadOnlySet<string> Given(ParseResult p) => Fields().Where(f => p.Given(f.Option)).Select(f => f.Parameter).ToHashSet();

    /// <summary>
    /// The run this command line asks for. With <paramref name="recorded"/> (a run being resumed), an
    /// option not given keeps the recorded value; otherwise it takes its default.
    /// </summary>
    public RunSpec Spec(ParseResult p, RunSpec? recorded = null)
    {
        T Pick<T>(Option<T> option, Func<RunSpec, T> field) => recorded is not null && !p.Given(option) ? field(recorded) : p.GetValue(option)!;
        // An option with no default: its value only when given.
        T? Maybe<T>(Option<T> option, Func<RunSpec, T?> field) where T : struct =>
            recorded is not null && !p.Given(option) ? field(recorded) : p.Given(option) ? p.GetValue(option) : null;
        var data = recorded is not null && !p.Given(Data) ? recorded.Data
            : Path.GetFullPath(p.GetValue(Data) ?? throw new InputException("data", "(missing)", "give a folder made by `scalinglab data prepare`"));
        return new RunSpec(data,
            Pick(Budget, s => s.Budget), Pick(Params, s => s.Parameters), Pick(Tokens, s => s.Tokens),
            Maybe(Layers, s => s.Layers), Maybe(DModel, s => s.DModel), Pick(Context, s => s.Context),
            recorded is not null && !p.Given(Law) ? recorded.Law : p.GetValue(Law)!.Name,
            Maybe(Lr, s => s.LearningRate), Maybe(Batch, s => s.BatchSequences), Maybe(Warmup, s => s.WarmupFraction),
            Pick(Precision, s => s.Precision), Pick(Seed, s => s.Seed), Maybe(EvalEvery, s => s.EvalEvery), Maybe(CheckpointEvery, s => s.CheckpointEvery),
            Pick(Spike, s => s.SpikeFactor), Pick(Threads, s => s.Threads), Pick(Device, s => s.Device));
    }
}
