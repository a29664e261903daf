using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;
using ScalingLab.Tests.Planning;

namespace ScalingLab.Tests.Hardware;

public class HardwarePlanningTests
{
    private static readonly HardwareCatalog Catalog = HardwareCatalog.Embedded;
    private static readonly SourcedFactor Mfu40 = new(0.4, "test");
    private static readonly SourcedFactor Pue11 = new(1.1, "test");

    private static HardwareRequest H100s(int n, Seconds? duration = null, Dollars? money = null, AcceleratorPrice? price = null) =>
        new(Catalog.Accelerator("H100"), n, Mfu40, Pue11, duration, money, price);

    private static AcceleratorPrice P5 => new(new Dollars(55.04 / 8), "p5.48xlarge");

    [Fact]
    public void Clock_budget_is_gpus_times_seconds_times_peak_times_mfu()
    {
        // Issue 3: 256 H100 x 30 days x 40% MFU = 256 * 989e12 * 30 * 86400 * 0.4 FLOPs.
        var flops = HardwareBudget.Of(H100s(256, new Seconds(30 * 86400)))!.Value;
        Assert.Equal(256 * 989e12 * 30 * 86400 * 0.4, flops.Value, 1e9);
    }

    [Fact]
    public void Money_budget_is_dollars_over_price_times_peak_times_mfu()
    {
        // $1M at $6.88 per H100-hour = 145,349 H100-hours.
        var flops = HardwareBudget.Of(H100s(256, money: new Dollars(1e6), price: P5))!.Value;
        Assert.Equal(1e6 / (55.04 / 8) * 3600 * 989e12 * 0.4, flops.Value, 1e9);
    }

    [Fact]
    public void A_clock_plan_reports_time_hours_cost_energy_and_mfu_sensitivity()
    {
        var plan = Plans.Of(LawCatalog.Default, hardware: H100s(256, new Seconds(30 * 86400), price: P5));
        var hw = plan.Hardware!;
        Assert.Equal(256 * 989e12 * 30 * 86400 * 0.4, plan.Allocation.Flops.Value, 1e9);
        Assert.Equal(30 * 86400, hw.Run.WallClock!.Value.Value, 1e-6);
        Assert.Equal(256 * 720, hw.Run.AcceleratorHours, 1e-6);
        // $ = GPUs x hours x price per GPU-hour.
        Assert.Equal(256 * 720 * 55.04 / 8, hw.Run.Cost!.Value.Value, 1e-6);
        // kWh = GPU-hours x 0.7 kW (H100 SXM TDP) x PUE.
        Assert.Equal(256 * 720 * 0.7 * 1.1, hw.Run.EnergyKwh!.Value, 1e-6);
        // Same FLOPs at 0.75x MFU take 1/0.75 as long; the clock buys 0.75x the FLOPs.
        var low = hw.Sensitivity.Single(s => s.Factor == 0.75);
        Assert.Equal(40 * 86400, low.Run.WallClock!.Value.Value, 1e-6);
        Assert.Equal(0.75, low.BudgetBought!.Value.Value / plan.Allocation.Flops.Value, 12);
        var high = hw.Sensitivity.Single(s => s.Factor == 1.25);
        Assert.Equal(24 * 86400, high.Run.WallClock!.Value.Value, 1e-6);
        Assert.Equal(256 * 720 / 1.25 * 55.04 / 8, high.Run.Cost!.Value.Value, 1e-6);
    }

    [Fact]
    public void A_flop_budget_with_a_cluster_gets_its_wall_clock()
    {
        var plan = Plans.Of(LawCatalog.Default, budget: new Flops(1e23), hardware: H100s(64));
        Assert.Equal(1e23 / (64 * 989e12 * 0.4), plan.Hardware!.Run.WallClock!.Value.Value, 1e-3);
        Assert.Null(plan.Hardware.Run.Cost);                                   // no price given
        Assert.Null(plan.Hardware.BudgetFrom);
    }

    [Fact]
    public void Budget_given_twice_or_without_what_it_needs_is_an_input_error()
    {
        Assert.Throws<InputException>(() => Plans.Of(LawCatalog.Default, budget: new Flops(1e23),
            hardware: H100s(8, new Seconds(86400))));
        Assert.Throws<InputException>(() => HardwareBudget.Of(H100s(8, new Seconds(86400), new Dollars(1e6), P5)));
        Assert.Throws<InputException>(() => HardwareBudget.Of(H100s(8, money: new Dollars(1e6))));
        Assert.Throws<InputException>(() => HardwareBudget.Of(
            new HardwareRequest(Catalog.Accelerator("H100"), null, Mfu40, Pue11, new Seconds(86400))));
    }

    [Fact]
    public void A_model_that_fits_gets_a_layout_within_device_memory()
    {
        var plan = Plans.Of(LawCatalog.Default, hardware: H100s(256, new Seconds(30 * 86400)));
        var layout = plan.Hardware!.Layout!;
        Assert.True(layout.Fits);
        Assert.Equal(256, layout.Layout.Devices);
        Assert.True(layout.Memory.Total <= 80e9);
        Assert.Null(plan.LargestFittingPlan);
        Assert.DoesNotContain(plan.Warnings, w => w.Code == "does-not-fit");
    }

    [Fact]
    public void A_model_too_big_for_the_cluster_gets_the_largest_that_fits_and_its_plan()
    {
        // 1e23 FLOPs -> ~29B parameters needs >= 16 B/parameter = ~470 GB of model states; 8 x 40 GB cannot hold it.
        var plan = Plans.Of(LawCatalog.Default, budget: new Flops(1e23),
            hardware: new HardwareRequest(Catalog.Accelerator("A100-40GB"), 8, Mfu40, Pue11));
        var hw = plan.Hardware!;
        Assert.False(hw.Layout!.Fits);
        Assert.Contains(plan.Warnings, w => w.Code == "does-not-fit" && w.Message.Contains("largest model that fits"));
        var largest = hw.LargestFitting!;
        Assert.True(largest.Layout.Fits);
        Assert.True(largest.Parameters.Value < plan.Allocation.Parameters.Value);
        // 8 x 40 GB / 16 B per parameter = 20B is the ZeRO-3 ceiling before activations.
        Assert.InRange(largest.Parameters.Value, 15e9, 20e9);
        // 2% larger no longer fits (the bisection's 1% tolerance, plus shape rounding).
        var bigger = new Parameters(largest.Parameters.Value * 1.02);
        var shape = ShapeSearch.Propose(new ShapeRequest(bigger)).Shape;
        Assert.False(LayoutSearch.Fits(bigger, shape, new Cluster(8, Catalog.Accelerator("A100-40GB"))));
        // Its plan spends the same FLOPs on more tokens at a higher loss than the unconstrained optimum.
        var fp = plan.LargestFittingPlan!;
        Assert.Equal(1e23, fp.Allocation.Flops.Value, 1e9);
        Assert.Equal(largest.Parameters.Value, fp.Allocation.Parameters.Value, 1);
        Assert.True(fp.Allocation.Tokens.Value > plan.Allocation.Tokens.Value);
        Assert.True(fp.Allocation.Loss > plan.Allocation.Loss);
    }

    [Fact]
    public void Layout_search_prefers_no_model_parallelism_when_it_fits()
    {
        // A 1B model on 8 H100: plain data parallel, no recomputation, no ZeRO, fits easily.
        var n = new Parameters(1e9);
        var shape = ShapeSearch.Propose(new ShapeRequest(n)).Shape;
        var c = LayoutSearch.Best(n, shape, new Cluster(8, Catalog.Accelerator("H100")));
        Assert.True(c.Fits);
        Assert.Equal(new ParallelLayout(1, 1, 8, 0, Recomputation.None, false), c.Layout);
        Assert.Equal(16e9 + ActivationMemory.PerDeviceBytes(shape.Layers, shape.Context, 1, shape.DModel, shape.Heads, 1, Recomputation.None, false),
            c.Memory.Total, 1);
    }

    [Fact]
    public void Mfu_and_pue_parse_numbers_and_published_names()
    {
        Assert.Equal(0.462, UtilisationCatalog.ParseMfu("palm-540b").Value);
        Assert.Contains("PaLM", UtilisationCatalog.ParseMfu("palm-540b").Source);
        Assert.Equal(0.4, UtilisationCatalog.DefaultMfu.Value);
        Assert.Contains("Llama 3", UtilisationCatalog.DefaultMfu.Source);
        Assert.Throws<InputException>(() => UtilisationCatalog.ParseMfu("1.5"));
        Assert.Throws<InputException>(() => UtilisationCatalog.ParseMfu("40%"));
        Assert.Throws<InputException>(() => UtilisationCatalog.ParsePue("0.9"));
        Assert.Equal(1.58, UtilisationCatalog.ParsePue("industry-average").Value);
    }
}
