using System.CommandLine;
using ScalingLab.Allocation;
using ScalingLab.Hardware;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// The plan options beyond compute-optimal: limited unique data, inference demand and the
/// inference hardware that prices it, the hyperparameter rule and schedule, and the vision
/// modality. Training hardware is the plan's own <see cref="HardwareOptions"/>. Kept apart from
/// PlanCommand so other extensions of `plan` merge cleanly.
/// </summary>
public sealed class PlanBeyondOptions(HardwareOptions training)
{
    /// <summary>The plan's hardware options: training for the dollar objective, and the vision run.</summary>
    public HardwareOptions Training { get; } = training;
    /// <summary>--inference-gpus, --inference-instance, --inference-price-per-gpu-hour, --inference-mfu, --inference-precision.</summary>
    public HardwareOptions Serving { get; } = training.ForInference();

    public readonly Option<string> UniqueTokens = new("--unique-tokens") { Description = "Only this many unique tokens exist (e.g. 300B): plan repeated epochs (Muennighoff et al. 2023).", HelpName = "U" };
    public readonly Option<string> InferenceTokens = new("--inference-tokens") { Description = "Tokens the model will serve over its life (e.g. 2T): minimise 6ND + 2NT at the target loss (Sardana et al. 2024). With --budget, the target is that budget's compute-optimal loss. With training hardware (--gpus/--instance/--price-per-gpu-hour) and --inference-gpus or --inference-instance with --inference-mfu, minimise dollars instead: --target-loss 1.93 --inference-tokens 10T --gpus H100 --price-per-gpu-hour 6.88 --inference-instance p4de.24xlarge --inference-mfu 0.2", HelpName = "T" };
    public readonly Option<string> Hyperparameters = new("--hyperparameters") { Description = "Learning-rate and batch rule: deepseek2024 or olmo-ladder. Default: deepseek2024.", DefaultValueFactory = _ => HyperparameterCatalog.DefaultRule };
    public readonly Option<string> Schedule = new("--schedule") { Description = "Decay after warm-up: cosine (to 10% over the planned steps) or multistep/wsd (DeepSeek). Default: cosine.", DefaultValueFactory = _ => "cosine" };
    public readonly Option<string> Modality = new("--modality") { Description = "language (default) or vision: answer in images seen with a ViT and a compute law.", DefaultValueFactory = _ => "language" };
    public readonly Option<string> Vit = new("--vit") { Description = "Vision: the ViT size (B/16, L/14, ..., see `model --vit`). Default: B/16.", DefaultValueFactory = _ => "B/16" };
    public readonly Option<int> Resolution = new("--resolution") { Description = "Vision: image side in pixels.", DefaultValueFactory = _ => 224 };
    public readonly Option<string> Gmacs = new("--gmacs") { Description = "Vision: compute as total GMACs (GMACs per sample x samples seen), Cherti et al.'s unit.", HelpName = "GMACS" };
    public readonly Option<string> TargetError = new("--target-error") { Description = "Vision: the error to reach (fraction, e.g. 0.3).", HelpName = "E" };
    public readonly Option<string> DatasetImages = new("--dataset-images") { Description = "Vision: images in the dataset (e.g. 2B), to report epochs.", HelpName = "N" };
    public readonly Option<string> ImagesPerSecond = new("--images-per-second") { Description = "Vision: measured training throughput, to report time.", HelpName = "R" };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { UniqueTokens, InferenceTokens, Hyperparameters, Schedule, Modality, Vit, Resolution, Gmacs, TargetError, DatasetImages, ImagesPerSecond }
                     .Concat(Serving.All))
            cmd.Add(o);
    }

    public bool IsVision(ParseResult p) => (p.GetValue(Modality) ?? "language").ToLowerInvariant() switch
    {
        "language" or "text" => false,
        "vision" or "image" => true,
        var m => throw new InputException(Modality.Name, m, "expected language or vision"),
    };

    public DataConstraint? Data(ParseResult p) =>
        Options.Optional(p, UniqueTokens, QuantityParser.Tokens) is { } u ? new DataConstraint(u) : null;

    /// <summary>
    /// The inference demand; priced (the dollar objective) when inference hardware is given, which
    /// then needs <paramref name="training"/> hardware too; both need a price (checked by InferencePricing).
    /// </summary>
    public InferenceDemand? Inference(ParseResult p, HardwareRequest? training)
    {
        var serving = Serving.Resolve(p);
        if (p.GetResult(InferenceTokens) is null)
        {
            if (serving is not null) throw new InputException(Serving.Gpus.Name, "(given)", "inference hardware prices --inference-tokens; give that too");
            return null;
        }
        var text = p.GetValue(InferenceTokens) ?? "";
        // Zero inference tokens is a valid question (it reproduces the compute-optimal answer).
        var t = text.Trim() == "0" ? new Tokens(0) : QuantityParser.Tokens(text, InferenceTokens.Name);
        if (serving is null) return new InferenceDemand(t);
        if (training is null)
            throw new InputException(Training.Gpus.Name, "(missing)", $"the dollar objective needs training hardware too: {Training.Gpus.Name} H100 with {Training.Price.Name}, or {Training.Instance.Name} p5.48xlarge");
        return new InferenceDemand(t, new InferencePricing(training, serving));
    }

    public ScheduleRequest ScheduleRequest(ParseResult p)
    {
        var rule = HyperparameterCatalog.Get(p.GetValue(Hyperparameters) ?? HyperparameterCatalog.DefaultRule, Hyperparameters.Name).Name;
        return new ScheduleRequest(rule, ScheduleKinds.Parse(p.GetValue(Schedule) ?? "cosine", Schedule.Name));
    }
}
