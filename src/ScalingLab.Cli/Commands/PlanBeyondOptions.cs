using System.CommandLine;
using ScalingLab.Allocation;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// The plan options beyond compute-optimal: limited unique data, inference demand and its
/// pricing, the hyperparameter rule and schedule, and the vision modality. Kept apart from
/// PlanCommand so other extensions of `plan` merge cleanly.
/// </summary>
public sealed class PlanBeyondOptions
{
    public readonly Option<string> UniqueTokens = new("--unique-tokens") { Description = "Only this many unique tokens exist (e.g. 300B): plan repeated epochs (Muennighoff et al. 2023).", HelpName = "U" };
    public readonly Option<string> InferenceTokens = new("--inference-tokens") { Description = "Tokens the model will serve over its life (e.g. 2T): minimise 6ND + 2NT at the target loss (Sardana et al. 2024). With --budget, the target is that budget's compute-optimal loss.", HelpName = "T" };
    public readonly Option<string> TrainFlopsPerSecond = new("--train-flops-per-second") { Description = "Training device peak FLOP/s (e.g. 989e12) for the dollar objective and vision time.", HelpName = "FLOPS" };
    public readonly Option<double> TrainMfu = new("--train-mfu") { Description = "Training utilisation (MFU), 0-1.", DefaultValueFactory = _ => 0.4 };
    public readonly Option<string> TrainPrice = new("--train-price-per-hour") { Description = "Training price per device-hour, e.g. $6.88.", HelpName = "DOLLARS" };
    public readonly Option<string> InferenceFlopsPerSecond = new("--inference-flops-per-second") { Description = "Inference device peak FLOP/s.", HelpName = "FLOPS" };
    public readonly Option<double> InferenceMfu = new("--inference-mfu") { Description = "Inference utilisation, 0-1.", DefaultValueFactory = _ => 0.4 };
    public readonly Option<string> InferencePrice = new("--inference-price-per-hour") { Description = "Inference price per device-hour.", HelpName = "DOLLARS" };
    public readonly Option<string> Hyperparameters = new("--hyperparameters") { Description = "Learning-rate and batch rule: deepseek2024 or olmo-ladder. Default: deepseek2024.", DefaultValueFactory = _ => HyperparameterCatalog.DefaultRule };
    public readonly Option<string> Schedule = new("--schedule") { Description = "Decay after warm-up: cosine (to 10% over the planned steps) or multistep/wsd (DeepSeek). Default: cosine.", DefaultValueFactory = _ => "cosine" };
    public readonly Option<string> Modality = new("--modality") { Description = "language (default) or vision: answer in images seen with a ViT and a compute law.", DefaultValueFactory = _ => "language" };
    public readonly Option<string> Vit = new("--vit") { Description = "Vision: the ViT size (B/16, L/14, ..., see `model --vit`). Default: B/16.", DefaultValueFactory = _ => "B/16" };
    public readonly Option<int> Resolution = new("--resolution") { Description = "Vision: image side in pixels.", DefaultValueFactory = _ => 224 };
    public readonly Option<string> Gmacs = new("--gmacs") { Description = "Vision: compute as total GMACs (GMACs per sample x samples seen), Cherti et al.'s unit.", HelpName = "GMACS" };
    public readonly Option<string> TargetError = new("--target-error") { Description = "Vision: the error to reach (fraction, e.g. 0.3).", HelpName = "E" };
    public readonly Option<string> DatasetImages = new("--dataset-images") { Description = "Vision: images in the dataset (e.g. 2B), to report epochs.", HelpName = "N" };
    public readonly Option<string> ImagesPerSecond = new("--images-per-second") { Description = "Vision: measured training throughput, to report time.", HelpName = "R" };
    public readonly Option<int> Devices = new("--devices") { Description = "Vision: devices training together (with --train-flops-per-second).", DefaultValueFactory = _ => 1 };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { UniqueTokens, InferenceTokens, TrainFlopsPerSecond, TrainMfu, TrainPrice, InferenceFlopsPerSecond, InferenceMfu,
                     InferencePrice, Hyperparameters, Schedule, Modality, Vit, Resolution, Gmacs, TargetError, DatasetImages, ImagesPerSecond, Devices })
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

    public InferenceDemand? Inference(ParseResult p)
    {
        if (p.GetResult(InferenceTokens) is null) return null;
        var text = p.GetValue(InferenceTokens) ?? "";
        // Zero inference tokens is a valid question (it reproduces the compute-optimal answer).
        var t = text.Trim() == "0" ? new Tokens(0) : QuantityParser.Tokens(text, InferenceTokens.Name);
        var train = Hardware(p, TrainFlopsPerSecond, TrainMfu, TrainPrice, "--train");
        var infer = Hardware(p, InferenceFlopsPerSecond, InferenceMfu, InferencePrice, "--inference");
        if ((train is null) != (infer is null))
            throw new InputException(train is null ? TrainFlopsPerSecond.Name : InferenceFlopsPerSecond.Name, "(missing)",
                "the dollar objective needs both training and inference hardware: --train-flops-per-second and --train-price-per-hour, --inference-flops-per-second and --inference-price-per-hour");
        if (train is not null && (train.PricePerHour.Value <= 0 || infer!.PricePerHour.Value <= 0))
            throw new InputException(train.PricePerHour.Value <= 0 ? TrainPrice.Name : InferencePrice.Name, "(missing)",
                "the dollar objective needs a price per device-hour for both training and inference, such as $6.88");
        return new InferenceDemand(t, train is null ? null : new InferencePricing(train, infer!));
    }

    public ScheduleRequest ScheduleRequest(ParseResult p)
    {
        var rule = HyperparameterCatalog.Get(p.GetValue(Hyperparameters) ?? HyperparameterCatalog.DefaultRule, Hyperparameters.Name).Name;
        return new ScheduleRequest(rule, ScheduleKinds.Parse(p.GetValue(Schedule) ?? "cosine", Schedule.Name));
    }

    /// <summary>Priced hardware from the three options, or null when no rate is given; a price without a rate is an error.</summary>
    public PricedCompute? Hardware(ParseResult p, Option<string> rate, Option<double> mfu, Option<string> price, string prefix)
    {
        var r = Options.Optional(p, rate, QuantityParser.Flops);
        var dollars = Options.Optional(p, price, QuantityParser.Dollars);
        if (r is null)
        {
            if (dollars is not null) throw new InputException(rate.Name, "(missing)", $"{price.Name} needs the device's peak FLOP/s as well");
            return null;
        }
        return new PricedCompute(r.Value.Value, p.GetValue(mfu), dollars ?? new Dollars(0)).Validated(prefix);
    }
}
