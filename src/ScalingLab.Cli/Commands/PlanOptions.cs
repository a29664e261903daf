using System.CommandLine;
using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;
using ScalingLab.Vision;

namespace ScalingLab.Cli.Commands;

/// <summary>What `plan` plans for: a language model (the default) or a vision run with a ViT and a compute law.</summary>
public enum Modality { Language, Vision }

/// <summary>
/// Every option `plan` takes, typed, and their one translation into a <see cref="PlanRequest"/>:
/// the question (what was fixed), the law, the shape family, the schedule rule, the hardware, and
/// the constraints beyond compute-optimal; vision plans have their own question. Options that the
/// chosen kind of plan cannot honour are refused, never ignored.
/// </summary>
public sealed class PlanOptions
{
    public HardwareOptions Training { get; } = new();
    public HardwareOptions Serving { get; }

    public readonly Option<Flops?> Budget = Options.Budget();
    public readonly Option<Parameters?> Params = Options.Params("Fix the model size: 7B, 350M. Alone: the compute-optimal tokens for it.");
    public readonly Option<Tokens?> Tokens = Options.Tokens("Fix the training tokens: 1.4T. Alone: the compute-optimal size for them.");
    public readonly Option<Loss?> TargetLoss = Options.Loss("--target-loss", "The loss to reach (nats/token): the cheapest (N, D) that gets there.");
    public readonly Option<ResolvedLaw> Law = Options.Law();
    public readonly Option<FlopConvention> Convention = Options.Convention();
    public readonly Option<int> Vocab = Options.Int("--vocab", "Vocabulary size for the suggested shape.", 1, 10_000_000, 32000);
    public readonly Option<int> Context = Options.Int("--context", "Context length for the suggested shape and shape-dependent FLOP conventions.", 1, 10_000_000, 2048);
    public readonly Option<double> Aspect = Options.Real("--aspect-ratio", "Target width/depth (d_model / layers) for the suggested shape.", 1, 10_000, ShapeSearch.DefaultAspectRatio);
    public readonly Option<bool> Json = Options.Json();

    public readonly Option<Tokens?> UniqueTokens = Options.Tokens("Only this many unique tokens exist (e.g. 300B): plan repeated epochs (Muennighoff et al. 2023).", "--unique-tokens");
    public readonly Option<Tokens?> InferenceTokens = Options.Parsed<Tokens>("--inference-tokens",
        "Tokens the model will serve over its life (e.g. 2T): minimise 6ND + 2NT at the target loss (Sardana et al. 2024). With --budget, the target is that budget's compute-optimal loss. With training hardware (--gpus/--instance/--price-per-gpu-hour) and --inference-gpus or --inference-instance with --inference-mfu, minimise dollars instead: --target-loss 1.93 --inference-tokens 10T --gpus H100 --price-per-gpu-hour 6.88 --inference-instance p4de.24xlarge --inference-mfu 0.2",
        // Zero inference tokens is a valid question (it reproduces the compute-optimal answer).
        "T", (text, field) => text.Trim() == "0" ? new Tokens(0) : UsableRange.Within(QuantityParser.Tokens(text, field), field, text));
    public readonly Option<string> Hyperparameters = Options.Choice("--hyperparameters", "Learning-rate and batch rule. Default: deepseek2024.",
        HyperparameterCatalog.Rules.Select(r => (r.Name, r.Name)).ToList(), HyperparameterCatalog.DefaultRule);
    public readonly Option<ScheduleKind> Schedule = Options.Choice("--schedule", "Decay after warm-up: cosine (to 10% over the planned steps) or multistep/wsd (DeepSeek). Default: cosine.",
        [("cosine", ScheduleKind.Cosine), ("multistep", ScheduleKind.MultiStep), ("wsd", ScheduleKind.MultiStep), ("multi-step", ScheduleKind.MultiStep)], ScheduleKind.Cosine);
    public readonly Option<Modality> Modality = Options.Choice("--modality", "language (default) or vision: answer in images seen with a ViT and a compute law.",
        [("language", Commands.Modality.Language), ("vision", Commands.Modality.Vision), ("text", Commands.Modality.Language), ("image", Commands.Modality.Vision)], Commands.Modality.Language);
    public readonly Option<VitPreset> Vit = Options.Resolved("--vit", "Vision: the ViT size (B/16, L/14, ..., see `model --vit`). Default: B/16.", "NAME",
        (text, field) => VitCatalog.Get(text, field), () => VitCatalog.Get("B/16"));
    public readonly Option<int> Resolution = Options.Int("--resolution", "Vision: image side in pixels.", 1, 100_000, 224);
    public readonly Option<double?> Gmacs = Positive("--gmacs", "Vision: compute as total GMACs (GMACs per sample x samples seen), Cherti et al.'s unit.", "GMACS", "expected total GMACs such as 1e11");
    public readonly Option<double?> TargetError = Options.Parsed<double>("--target-error", "Vision: the error to reach (fraction, e.g. 0.3).", "E",
        (t, f) => QuantityParser.Positive(t, f, "expected an error between 0 and 1 such as 0.3") is var v && v < 1 ? v : throw new InputException(f, t, "expected an error between 0 and 1 such as 0.3"));
    public readonly Option<Tokens?> DatasetImages = Options.Tokens("Vision: images in the dataset (e.g. 2B), to report epochs.", "--dataset-images");
    public readonly Option<double?> ImagesPerSecond = Positive("--images-per-second", "Vision: measured training throughput, to report time.", "R", "expected images per second such as 12000");

    public PlanOptions() => Serving = Training.ForInference();

    private IEnumerable<Option> Language => [Params, Tokens, TargetLoss, Convention, Vocab, Context, Aspect, UniqueTokens, InferenceTokens, Hyperparameters, Schedule, .. Serving.All];
    private IEnumerable<Option> VisionOnly => [Vit, Resolution, Gmacs, TargetError, DatasetImages, ImagesPerSecond];

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Budget, Params, Tokens, TargetLoss, Law, Convention, Vocab, Context, Aspect, Json }
                     .Concat(Training.All).Concat([UniqueTokens, InferenceTokens, Hyperparameters, Schedule, Modality])
                     .Concat(VisionOnly).Concat(Serving.All))
            cmd.Add(o);
    }

    /// <summary>The request these options ask for: the one place the command line becomes a question.</summary>
    public PlanRequest Request(ParseResult p)
    {
        var law = p.GetValue(Law)!;
        var hardware = Training.Resolve(p);
        if (p.GetValue(Modality) == Commands.Modality.Vision || law is ResolvedLaw.ComputeOnly)
            return VisionRequest(p, law, hardware);
        Refuse(p, VisionOnly, "it is for vision plans (--modality vision)");
        var question = PlanQuestion.From(p.GetValue(Budget), p.GetValue(Params), p.GetValue(Tokens), p.GetValue(TargetLoss), hardware);
        return new PlanRequest(question, law, p.GetValue(Convention),
            new ShapeOptions(p.GetValue(Vocab), p.GetValue(Context), p.GetValue(Aspect)),
            new ScheduleRequest(p.GetValue(Hyperparameters)!, p.GetValue(Schedule)),
            hardware,
            p.GetValue(UniqueTokens) is { } u ? new DataConstraint(u) : null,
            Inference(p, hardware));
    }

    private PlanRequest VisionRequest(ParseResult p, ResolvedLaw law, HardwareRequest? hardware)
    {
        Refuse(p, Language, "a vision plan takes --budget, --gmacs or --target-error with --vit; this option is for language plans");
        if (p.GetValue(ImagesPerSecond) is not null && p.GetResult(Training.Mfu) is not null)
            throw new InputException(Training.Mfu.Name, p.GetResult(Training.Mfu)!.Tokens[0].Value, "--images-per-second is a measured throughput, which already fixes the utilisation; give one or the other");
        // The compute law named, or Cherti et al.'s OpenCLIP law when none is.
        if (law is not ResolvedLaw.ComputeOnly)
            law = p.Given(Law)
                ? throw new InputException(Law.Name, law.Name, "a vision plan needs a compute law (" + string.Join(", ", ComputeLawCatalog.Presets.Select(d => d.Name)) + ") or a law file of family saturating")
                : new ResolvedLaw.ComputeOnly(ComputeLawCatalog.Default);
        var question = new PlanQuestion.Vision(p.GetValue(Vit)!.At(p.GetValue(Resolution), classes: 0),
            p.GetValue(Gmacs), p.GetValue(Budget), p.GetValue(TargetError), p.GetValue(DatasetImages)?.Value, p.GetValue(ImagesPerSecond));
        return new PlanRequest(question, law, Hardware: hardware);
    }

    /// <summary>
    /// The inference demand; priced (the dollar objective) when inference hardware is given, which
    /// then needs training hardware too; both need a price (checked by InferencePricing).
    /// </summary>
    private InferenceDemand? Inference(ParseResult p, HardwareRequest? training)
    {
        var serving = Serving.Resolve(p);
        if (p.GetValue(InferenceTokens) is not { } t)
        {
            if (serving is not null) throw new InputException(Serving.Gpus.Name, "(given)", "inference hardware prices --inference-tokens; give that too");
            return null;
        }
        if (serving is null) return new InferenceDemand(t);
        if (training is null)
            throw new InputException(Training.Gpus.Name, "(missing)", $"the dollar objective needs training hardware too: {Training.Gpus.Name} H100 with {Training.Price.Name}, or {Training.Instance.Name} p5.48xlarge");
        return new InferenceDemand(t, new InferencePricing(training, serving));
    }

    private static void Refuse(ParseResult p, IEnumerable<Option> options, string why)
    {
        foreach (var o in options)
            if (p.Given(o)) throw new InputException(o.Name, "(given)", why);
    }

    private static Option<double?> Positive(string name, string description, string helpName, string allowed) =>
        Options.Parsed<double>(name, description, helpName, (t, f) => QuantityParser.Positive(t, f, allowed));
}
