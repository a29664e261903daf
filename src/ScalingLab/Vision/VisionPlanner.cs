using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Vision;

/// <summary>
/// A vision plan's question: a compute budget (total GMACs, or training FLOPs) or a target error,
/// for a given ViT; optionally a dataset size (for epochs), and hardware from the catalog (for
/// accelerator-hours, cost, energy, time with a count, or a budget from a clock or money) and/or a
/// measured throughput (for time).
/// </summary>
public sealed record VisionPlanRequest(
    SaturatingLaw Law,
    VitShape Shape,
    double? TotalGmacs = null,
    Flops? TrainingFlops = null,
    double? TargetError = null,
    double? DatasetImages = null,
    double? ImagesPerSecond = null,
    HardwareRequest? Hardware = null);

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
    RunCost? Run,
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
        var trainingFlops = HardwarePlanning.Budget(r.TrainingFlops, r.Hardware);
        var given = (r.TotalGmacs is null ? 0 : 1) + (trainingFlops is null ? 0 : 1) + (r.TargetError is null ? 0 : 1);
        if (given != 1)
            throw new InputException("--budget", given == 0 ? "(missing)" : "(several)",
                "a vision plan needs exactly one of --budget (training FLOPs), --gmacs (total GMACs), --target-error or a hardware budget (--gpus with --days/--hours, or --dollars)");
        double gmacs; string question;
        if (r.TargetError is { } target)
        {
            var compute = r.Law.ComputeFor(target);
            gmacs = r.Law.ComputeUnit == SaturatingLaw.Gmacs ? compute : compute / TrainingFlopsPerGmac;
            question = $"compute for {r.Law.Metric} {target:0.####} with {r.Shape.Name ?? "the ViT"}";
        }
        else
        {
            gmacs = r.TotalGmacs ?? trainingFlops!.Value.Value / TrainingFlopsPerGmac;
            question = $"{r.Shape.Name ?? "ViT"} on {QuantityFormat.Scientific(gmacs)} total GMACs";
        }
        var flops = new Flops(gmacs * TrainingFlopsPerGmac);
        var images = gmacs / r.Shape.GmacsPerImage;
        var error = r.Law.Error(r.Law.ComputeUnit == SaturatingLaw.Gmacs ? gmacs : flops.Value);
        double? epochs = r.DatasetImages is { } n ? images / n : null;

        var warnings = new List<Warning>();
        Seconds? time = null; string? basis = null; RunCost? run = null;
        if (r.ImagesPerSecond is { } ips)
        {
            time = new(images / ips);
            basis = $"{QuantityFormat.Count(ips)} images/s";
        }
        if (r.Hardware is { } hw)
        {
            var mfu = hw.Mfu.Value;
            if (time is { } measured)
            {
                // A measured throughput on counted hardware fixes the utilisation: cost and energy follow from it.
                var count = hw.Count ?? throw new InputException("--gpus", hw.Accelerator.Name,
                    "with --images-per-second, give the count of accelerators that measured it, such as --gpus 256xH100");
                mfu = flops.Value / (measured.Value * count * hw.Accelerator.PeakFlopsPerSecond(hw.Precision));
                basis += $" on {count} x {hw.Accelerator.Name} = {mfu:0.###} MFU of the dense {hw.Precision.Key()} peak";
                if (mfu > 1) warnings.Add(new("mfu-above-one", $"{basis}: more than the dense peak; check --images-per-second and --gpus"));
            }
            run = RunCost.Of(flops, hw, mfu);
            if (time is null && run.WallClock is { } wall)
            {
                time = wall;
                basis = $"{hw.Count} x {hw.Accelerator.Name} at {mfu:0.###} MFU of the dense {hw.Precision.Key()} peak";
            }
        }

        var assumptions = new List<Assumption>
        {
            new($"law {r.Law.Name}: {r.Law.Form} ({r.Law.Metric}), C in {(r.Law.ComputeUnit == SaturatingLaw.Gmacs ? "total GMACs" : "training FLOPs")}", r.Law.Source.ToString()),
            new($"{r.Shape.Name ?? "ViT"} at {r.Shape.Resolution}px, patch {r.Shape.Patch}: {r.Shape.TokensPerImage} tokens, {r.Shape.GmacsPerImage:0.##} GMACs per image forward", "Dosovitskiy et al. 2021 (arXiv:2010.11929)"),
            new("training FLOPs = 6e9 x total GMACs (2 FLOPs per MAC, backward = 2x forward)", "ScalingLab convention"),
        };
        if (r.Hardware is { } h) assumptions.AddRange(HardwarePlanning.Assumptions(h with { Mfu = new(run!.Mfu, r.ImagesPerSecond is null ? h.Mfu.Source : "implied by --images-per-second") }));
        if (r.Law.Name.StartsWith("cherti2023", StringComparison.Ordinal))
            warnings.Add(new("vision-compute", "Cherti et al. count GMACs of both CLIP towers (image and text); images seen here divides by the image tower only, so it is an upper bound for a CLIP run"));
        return new VisionPlan(question, r.Law, r.Shape, gmacs, flops, images, error, epochs, time, basis, run, assumptions, warnings);
    }
}
