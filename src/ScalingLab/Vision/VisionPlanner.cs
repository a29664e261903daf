using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Vision;

/// <summary>
/// A vision plan's question: a compute budget (total GMACs, or training FLOPs) or a target error,
/// for a given ViT; optionally a dataset size (for epochs) and a throughput or priced hardware
/// (for time and cost).
/// </summary>
public sealed record VisionPlanRequest(
    SaturatingLaw Law,
    VitShape Shape,
    double? TotalGmacs = null,
    Flops? TrainingFlops = null,
    double? TargetError = null,
    double? DatasetImages = null,
    double? ImagesPerSecond = null,
    PricedCompute? Hardware = null,
    int Devices = 1);

/// <summary>The answer in images: how many to show the model, how many epochs that is, how long it takes.</summary>
public sealed record VisionPlan(
    string Question,
    SaturatingLaw Law,
    VitShape Shape,
    double TotalGmacs,
    Flops TrainingFlops,
    double ImagesSeen,
    double Error,
    double? Epochs,
    Seconds? Time,
    string? TimeBasis,
    Dollars? Cost,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<Warning> Warnings);

/// <summary>
/// Images are the data unit. Cherti et al. 2023 count compute as total GMACs = forward GMACs per
/// sample x samples seen, so images seen = GMACs / GMACs per image; training FLOPs = 6e9 x total
/// GMACs (2 FLOPs per MAC, backward twice the forward).
/// </summary>
public static class VisionPlanner
{
    public const double TrainingFlopsPerGmac = 6e9;

    public static VisionPlan Plan(VisionPlanRequest r)
    {
        var given = (r.TotalGmacs is null ? 0 : 1) + (r.TrainingFlops is null ? 0 : 1) + (r.TargetError is null ? 0 : 1);
        if (given != 1)
            throw new InputException("--budget", given == 0 ? "(missing)" : "(several)", "a vision plan needs exactly one of --budget (training FLOPs), --gmacs (total GMACs) or --target-error");
        double gmacs; string question;
        if (r.TargetError is { } target)
        {
            var compute = r.Law.ComputeFor(target);
            gmacs = r.Law.ComputeUnit == SaturatingLaw.Gmacs ? compute : compute / TrainingFlopsPerGmac;
            question = $"compute for {r.Law.Metric} {target:0.####} with {r.Shape.Name ?? "the ViT"}";
        }
        else
        {
            gmacs = r.TotalGmacs ?? r.TrainingFlops!.Value.Value / TrainingFlopsPerGmac;
            question = $"{r.Shape.Name ?? "ViT"} on {QuantityFormat.Scientific(gmacs)} total GMACs";
        }
        var flops = new Flops(gmacs * TrainingFlopsPerGmac);
        var images = gmacs / r.Shape.GmacsPerImage;
        var error = r.Law.Error(r.Law.ComputeUnit == SaturatingLaw.Gmacs ? gmacs : flops.Value);
        double? epochs = r.DatasetImages is { } n ? images / n : null;

        Seconds? time = null; string? basis = null; Dollars? cost = null;
        if (r.ImagesPerSecond is { } ips)
        {
            time = new(images / ips);
            basis = $"{QuantityFormat.Count(ips)} images/s";
        }
        else if (r.Hardware is { } hw)
        {
            time = new(hw.DeviceTime(flops).Value / r.Devices);
            basis = $"{r.Devices} x {QuantityFormat.Scientific(hw.PeakFlopsPerSecond)} FLOP/s at {hw.Utilization:0.##} MFU";
        }
        if (r.Hardware is { } priced && priced.PricePerHour.Value > 0 && time is { } t)
            cost = new(t.Value / 3600 * r.Devices * priced.PricePerHour.Value);

        var assumptions = new List<Assumption>
        {
            new($"law {r.Law.Name}: {r.Law.Form} ({r.Law.Metric}), C in {(r.Law.ComputeUnit == SaturatingLaw.Gmacs ? "total GMACs" : "training FLOPs")}", r.Law.Source.ToString()),
            new($"{r.Shape.Name ?? "ViT"} at {r.Shape.Resolution}px, patch {r.Shape.Patch}: {r.Shape.TokensPerImage} tokens, {r.Shape.GmacsPerImage:0.##} GMACs per image forward", "Dosovitskiy et al. 2021 (arXiv:2010.11929)"),
            new("training FLOPs = 6e9 x total GMACs (2 FLOPs per MAC, backward = 2x forward)", "ScalingLab convention"),
        };
        var warnings = new List<Warning>();
        if (r.Law.Name.StartsWith("cherti2023", StringComparison.Ordinal))
            warnings.Add(new("vision-compute", "Cherti et al. count GMACs of both CLIP towers (image and text); images seen here divides by the image tower only, so it is an upper bound for a CLIP run"));
        return new VisionPlan(question, r.Law, r.Shape, gmacs, flops, images, error, epochs, time, basis, cost, assumptions, warnings);
    }
}
