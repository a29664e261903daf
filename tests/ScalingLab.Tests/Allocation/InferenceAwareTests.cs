using ScalingLab.Allocation;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Allocation;

public class InferenceAwareTests
{
    private static readonly IScalingLaw Hoffmann = LawCatalog.Get("hoffmann2022");
    private const double Target = 1.93075; // docs/scaling-laws.md Sec. 5: the Chinchilla-optimal loss at 5.76e23

    // docs/scaling-laws.md Sec. 5 (Sardana et al. 2024 objective, rounded Chinchilla constants).
    [Theory]
    [InlineData(0, 32.19e9, 2.982e12, 0)]
    [InlineData(1e12, 27.85e9, 3.471e12, 6.356e23)]
    [InlineData(1e13, 17.42e9, 6.365e12, 1.013e24)]
    public void Reproduces_the_reference_points(double inferenceTokens, double n, double d, double total)
    {
        var a = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, new Tokens(inferenceTokens));
        Assert.Equal(n, a.Allocation.Parameters.Value, 0.01e9);
        Assert.Equal(d, a.Allocation.Tokens.Value, 0.001e12);
        if (total > 0) Assert.Equal(total, a.Chosen.TotalFlops.Value, 0.001e23 * (total > 1e24 ? 10 : 1));
        Assert.Equal(Target, Hoffmann.Loss(a.Allocation.Parameters, a.Allocation.Tokens).Value, 9);
    }

    [Fact]
    public void The_optimum_is_a_true_minimum_and_saves_against_chinchilla()
    {
        var t = new Tokens(1e13);
        var a = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, t);
        var ch = (ChinchillaLaw)Hoffmann;
        foreach (var f in new[] { 0.99, 1.01 })
        {
            var n = a.Allocation.Parameters.Value * f;
            var d = Math.Pow(ch.B / (Target - ch.E - ch.A / Math.Pow(n, ch.Alpha)), 1 / ch.Beta);
            Assert.True(6 * n * d + 2 * n * t.Value > a.Chosen.TotalFlops.Value);
        }
        Assert.True(a.SizeRatio < 1 && a.TokenRatio > 1);
        Assert.True(a.FlopsSaved.Value > 0);
        Assert.Equal(a.ComputeOptimal.TotalFlops.Value - a.Chosen.TotalFlops.Value, a.FlopsSaved.Value, 1e9);
    }

    [Fact]
    public void Dollar_version_weighs_inference_by_its_price_per_flop()
    {
        var t = new Tokens(3e12);
        // Same hardware for both: the dollar optimum is the FLOP optimum.
        // The catalog's H100 (dense BF16 989 TFLOP/s, docs/scaling-laws.md Sec. 9) at MFU 0.4 and $6.88 per hour.
        var h100 = new HardwareRequest(HardwareCatalog.Embedded.Accelerator("H100"), null, new SourcedFactor(0.4, "test"),
            UtilisationCatalog.DefaultPue, Price: new AcceleratorPrice(new Dollars(6.88), "test"));
        var same = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, t, new InferencePricing(h100, h100));
        var flops = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, t);
        Assert.Equal(flops.Allocation.Parameters.Value, same.Allocation.Parameters.Value, 1e-3 * flops.Allocation.Parameters.Value);
        // Inference three times cheaper per FLOP is the FLOP problem with a third of the tokens.
        var cheap = h100 with { Price = new AcceleratorPrice(new Dollars(6.88 / 3), "test") };
        var priced = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, t, new InferencePricing(h100, cheap));
        var third = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, new Tokens(1e12));
        Assert.Equal(third.Allocation.Parameters.Value, priced.Allocation.Parameters.Value, 1e-6 * third.Allocation.Parameters.Value);
        Assert.Equal(InferenceObjective.Dollars, priced.Objective);
        // Training dollars: 6ND / (989e12 x 0.4) s x $6.88/h.
        var a = priced.Allocation;
        Assert.Equal(a.Flops.Value / (989e12 * 0.4) / 3600 * 6.88, priced.Chosen.TrainingDollars!.Value.Value, 1e-6 * priced.Chosen.TrainingDollars!.Value.Value);
        Assert.True(priced.DollarsSaved!.Value.Value > 0);
    }

    [Fact]
    public void Dollar_weight_is_price_over_peak_times_mfu_from_the_catalog()
    {
        // Sardana et al. 2024's cost version: each FLOP costs price / (peak x MFU). Inference on an
        // A100 (dense BF16 312, docs/scaling-laws.md Sec. 9) at MFU 0.2 and $2/h against training on an H100
        // (989) at 0.4 and $6.88/h: weight = (2 / (312e12 x 0.2)) / (6.88 / (989e12 x 0.4)).
        var catalog = HardwareCatalog.Embedded;
        HardwareRequest On(string name, double mfu, double price) =>
            new(catalog.Accelerator(name), null, new SourcedFactor(mfu, "test"), UtilisationCatalog.DefaultPue, Price: new AcceleratorPrice(new Dollars(price), "test"));
        var pricing = new InferencePricing(On("H100", 0.4, 6.88), On("A100-80GB", 0.2, 2));
        var weight = 2 / (312e12 * 0.2) / (6.88 / (989e12 * 0.4));
        Assert.Equal(weight, pricing.InferenceWeight, 1e-12);
        // The dollar optimum is the FLOP optimum with T scaled by that weight.
        var t = new Tokens(3e12);
        var priced = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, t, pricing);
        var scaled = InferenceAwareAllocator.ForTargetLoss(Hoffmann, Target, new Tokens(t.Value * weight));
        Assert.Equal(scaled.Allocation.Parameters.Value, priced.Allocation.Parameters.Value, 1e-6 * scaled.Allocation.Parameters.Value);
        // Without a price there is no dollar objective.
        Assert.Throws<InputException>(() => new InferencePricing(On("H100", 0.4, 6.88) with { Price = null }, On("H100", 0.4, 6.88)));
    }
}
