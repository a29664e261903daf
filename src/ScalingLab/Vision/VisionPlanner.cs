using System.Text.Json.Serialization;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Vision;

/// <summary>The answer in images: how many to show the model, how many epochs that is, how long it takes.</summary>
public sealed record VisionPlan(
    string Question,
    [property: JsonIgnore] SaturatingLaw Law,
    [property: JsonPropertyName("vit")] VitShape Shape,
    double TotalGmacs,
    [property: JsonPropertyName("flops")] Flops TrainingFlops,
    double ImagesSeen,
    double Error,
    double? Epochs,
    [property: JsonIgnore] Seconds? Time,
    string? TimeBasis,
    [property: JsonIgnore] RunCost? Run,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<Warning> Warnings) : PlanResult(Question, Assumptions, Warnings)
{
    public string Modality => "vision";
    [JsonPropertyName("law")] public string LawName => Law.Name;
    public string Metric => Law.Metric;
    public double? Seconds => Time?.Value;
    public double? AcceleratorHours => Run?.AcceleratorHours;
    public double? Dollars => Run?.Cost?.Value;
    public double? EnergyKwh => Run?.EnergyKwh;
    public double? Mfu => Run?.Mfu;
    public Source LawSource => Law.Source;
}

/// <summary>
/// The vision stages of the plan pipeline. Images are the data unit. Cherti et al. 2023 count
/// compute as total GMACs = forward GMACs per sample x samples seen, so images seen = GMACs / GMACs
/// per image; training FLOPs = 6e9 x total GMACs (2 FLOPs per MAC, backward twice the forward).
/// The allocation is the compute (given, bought by hardware, or the law's for a target error); the
/// shape is the ViT given; no published rule sets a ViT's learning rate, so there is no schedule
/// stage; the hardware stage prices the FLOPs or, with a measured throughput, the time.
/// </summary>
public static class VisionPlanner
{
    public const double TrainingFlopsPerGmac = 6e9;

    public static VisionPlan Plan(PlanQuestion.Vision q, PlanRequest r)
    {
        var law = r.Law is ResolvedLaw.ComputeOnly c ? c.Law
            : throw new InputException("law", r.Law.Name, "a vision plan needs a compute law (" +
                string.Join(", ", ComputeLawCatalog.Presets.Select(d => d.Name)) + ") or a law file of family saturating");
        var trainingFlops = HardwareBudget.Combine(q.TrainingFlops, r.Hardware);
        var given = (q.TotalGmacs is null ? 0 : 1) + (trainingFlops is null ? 0 : 1) + (q.TargetError is null ? 0 : 1);
        if (given != 1)
            throw new InputException("budget", given == 0 ? "(missing)" : "(several)",
                $"a vision plan needs exactly one of {ParameterRef.To("budget")} (training FLOPs), {ParameterRef.To("gmacs")} (total GMACs), {ParameterRef.To("targetError")} or a hardware budget ({ParameterRef.To("accelerators")} with {ParameterRef.To("duration")}, or {ParameterRef.To("money")})");
        var shape = q.Shape;
        double gmacs; string question;
        if (q.TargetError is { } target)
        {
            var compute = law.ComputeFor(target);
            gmacs = law.ComputeUnit == ComputeUnit.Gmacs ? compute : compute / TrainingFlopsPerGmac;
            question = $"compute for {law.Metric} {target:0.####} with {shape.Name ?? "the ViT"}";
        }
        else
        {
            gmacs = q.TotalGmacs ?? trainingFlops!.Value.Value / TrainingFlopsPerGmac;
            question = $"{shape.Name ?? "ViT"} on {QuantityFormat.Scientific(gmacs)} total GMACs";
        }
        var flops = new Flops(gmacs * TrainingFlopsPerGmac);
        // The compute asked for must be one plans answer for; the input that set it is blamed.
        if (!(flops.Value >= Planning.UsableRange.MinFlops && flops.Value <= Planning.UsableRange.MaxFlops))
        {
            var (field, value) = q.TargetError is { } t ? ("targetError", QuantityFormat.Scientific(t, 15))
                : q.TotalGmacs is { } g ? ("gmacs", QuantityFormat.Scientific(g, 15)) : ("budget", QuantityFormat.Raw(flops.Value));
            throw new InputException(field, value, $"it asks for {(double.IsFinite(flops.Value) ? QuantityFormat.Scientific(flops.Value) : "infinitely many")} training FLOPs; {Planning.UsableRange.Description}");
        }
        var images = gmacs / shape.GmacsPerImage;
        var error = law.Error(law.ComputeUnit == ComputeUnit.Gmacs ? gmacs : flops.Value);
        double? epochs = q.DatasetImages is { } n ? images / n : null;

        var warnings = new List<Warning>();
        Seconds? time = null; string? basis = null; RunCost? run = null;
        if (q.ImagesPerSecond is { } ips)
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
                var count = hw.Count ?? throw new InputException("accelerators", hw.Accelerator.Name,
                    $"with {ParameterRef.To("imagesPerSecond")}, give the count of accelerators that measured it, such as {ParameterRef.To("accelerators")} 256xH100");
                mfu = flops.Value / (measured.Value * count * hw.Accelerator.PeakFlopsPerSecond(hw.Precision));
                basis += $" on {count} x {hw.Accelerator.Name} = {mfu:0.###} MFU of the dense {hw.Precision.Key()} peak";
                if (mfu > 1) warnings.Add(new("mfu-above-one", $"{basis}: more than the dense peak; check {ParameterRef.To("imagesPerSecond")} and {ParameterRef.To("accelerators")}"));
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
            new($"law {law.Name}: {law.Form} ({law.Metric}), C in {(law.ComputeUnit == ComputeUnit.Gmacs ? "total GMACs" : "training FLOPs")}", law.Source.ToString()),
            new($"{shape.Name ?? "ViT"} at {shape.Resolution}px, patch {shape.Patch}: {shape.TokensPerImage} tokens, {shape.GmacsPerImage:0.##} GMACs per image forward", "Dosovitskiy et al. 2021 (arXiv:2010.11929)"),
            new("training FLOPs = 6e9 x total GMACs (2 FLOPs per MAC, backward = 2x forward)", "ScalingLab convention"),
        };
        if (r.Hardware is { } h) assumptions.AddRange(HardwareStage.Assumptions(h with { Mfu = new(run!.Mfu, q.ImagesPerSecond is null ? h.Mfu.Source : $"implied by {ParameterRef.To("imagesPerSecond")}") }));
        if (law.Name.StartsWith("cherti2023", StringComparison.Ordinal))
            warnings.Add(new("vision-compute", "Cherti et al. count GMACs of both CLIP towers (image and text); images seen here divides by the image tower only, so it is an upper bound for a CLIP run"));
        return new VisionPlan(question, law, shape, gmacs, flops, images, error, epochs, time, basis, run, assumptions, warnings);
    }
}
