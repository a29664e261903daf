using ScalingLab.Planning;
using ScalingLab.Laws;
using ScalingLab.Units;
using ScalingLab.Vision;

namespace ScalingLab.Tests.Vision;

public class VitTests
{
    [Fact]
    public void ViT_B16_at_224_has_197_tokens_86M_parameters_and_17_6_GMACs()
    {
        // docs/scaling-laws.md Sec. 8 / issue 5: 197 tokens, ~86M parameters, ~17.6 GMACs per image.
        // 86,567,656 is the reference implementation's count with a 1000-class head (timm vit_base_patch16_224).
        var b = VitCatalog.Get("B/16").At(224);
        Assert.Equal(197, b.TokensPerImage);
        Assert.Equal(86_567_656, b.Parameters);
        Assert.Equal(17.6, b.GmacsPerImage, 0.05);
        Assert.Equal(6e9 * b.GmacsPerImage, b.TrainingFlopsPerImage, 1);
    }

    [Fact]
    public void ViT_L16_matches_the_reference_implementation_count()
    {
        // timm vit_large_patch16_224: 304,326,632 parameters, 61.6 GMACs.
        var l = VitCatalog.Get("ViT-L/16").At(224);
        Assert.Equal(304_326_632, l.Parameters);
        Assert.Equal(61.6, l.GmacsPerImage, 0.1);
        Assert.Equal(577, VitCatalog.Get("L/16").At(384).TokensPerImage);
    }

    [Fact]
    public void Bad_shapes_are_input_errors()
    {
        Assert.Equal("patch", Assert.Throws<InputException>(() => new VitShape(225, 16, 768, 12, 3072, 12).Validated()).Parameter);
        Assert.Equal("vit", Assert.Throws<InputException>(() => VitCatalog.Get("Q/16")).Parameter);
    }

    [Fact]
    public void Clip_law_is_a_saturating_law_with_c_and_d_zero_and_inverts_exactly()
    {
        var law = (ResolvedLaw.ComputeOnly)LawResolver.Resolve("cherti2023-openclip-imagenet");
        Assert.Equal("E = a C^-b", law.Law.Form);
        Assert.Equal(5.86 * Math.Pow(1e11, -0.11), law.Law.Error(1e11), 12);
        Assert.Equal(1e11, law.Law.ComputeFor(law.Law.Error(1e11)), 1e11 * 1e-9);
        var sat = new SaturatingLaw("mine", 2.0, 0.3, 0.1, 1e3, ComputeUnit.Gmacs, "error", new Source("fit", "runs", 2026));
        Assert.Equal(5e6, sat.ComputeFor(sat.Error(5e6)), 1e-3);
        Assert.Throws<InputException>(() => sat.ComputeFor(0.05));
    }

    [Fact]
    public void A_saturating_law_round_trips_through_a_law_file()
    {
        var sat = new SaturatingLaw("mine", 2.0, 0.3, 0.1, 1e3, ComputeUnit.Flops, "top-1 error", new Source("fit", "runs.csv", 2026));
        var path = Path.Combine(Path.GetTempPath(), $"sat-{Guid.NewGuid():N}.json");
        try
        {
            LawCatalog.Save(sat.ToDefinition(), path);
            var back = Assert.IsType<ResolvedLaw.ComputeOnly>(LawResolver.Resolve(path)).Law;
            Assert.Equal(sat, back);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Vision_plan_answers_in_images_epochs_and_time()
    {
        var shape = VitCatalog.Get("B/16").At(224, classes: 0);
        var law = new ResolvedLaw.ComputeOnly(ComputeLawCatalog.Default);
        var p = (VisionPlan)Planner.Plan(new PlanRequest(new PlanQuestion.Vision(shape, TotalGmacs: 1e11, DatasetImages: 2e9, ImagesPerSecond: 1e4), law));
        Assert.Equal(1e11 / shape.GmacsPerImage, p.ImagesSeen, 1);
        Assert.Equal(p.ImagesSeen / 2e9, p.Epochs!.Value, 12);
        Assert.Equal(p.ImagesSeen / 1e4, p.Time!.Value.Value, 1e-6);
        Assert.Equal(5.86 * Math.Pow(1e11, -0.11), p.Error, 12);
        Assert.Equal(6e20, p.TrainingFlops.Value, 1e9);
        var back = (VisionPlan)Planner.Plan(new PlanRequest(new PlanQuestion.Vision(shape, TargetError: p.Error), law));
        Assert.Equal(1e11, back.TotalGmacs, 1);
    }
}
