using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// Ties a plan to hardware: turns a clock or money into a FLOP budget before allocation
/// (<see cref="WithBudget"/>), and the plan's FLOPs back into time, cost, energy and a parallel
/// layout after it (<see cref="Estimate"/>).
/// </summary>
public static class HardwarePlanning
{
    public static readonly double[] MfuFactors = [0.75, 1.25];

    // Above this share of device memory, say that buffers and fragmentation may not fit.
    private const double TightMemoryShare = 0.9;

    /// <summary>The request with its budget filled in from the hardware clock or money, if it has one.</summary>
    public static PlanRequest WithBudget(PlanRequest r) => r with { Budget = Budget(r.Budget, r.Hardware) };

    /// <summary>The FLOP budget given, or the hardware's (clock or money); an error when both are.</summary>
    public static Flops? Budget(Flops? given, HardwareRequest? hw)
    {
        if (hw is null || BudgetOf(hw) is not { } flops) return given;
        if (given is { } g)
            throw new InputException("--budget", g.ToString(), "give either --budget or a hardware budget (--days/--hours or --dollars), not both");
        return flops;
    }

    /// <summary>GPUs x seconds x peak x MFU, or (dollars / price per accelerator-hour) x 3600 x peak x MFU; null without either.</summary>
    public static Flops? BudgetOf(HardwareRequest hw)
    {
        if (hw.Duration is { } t && hw.Money is { } m)
            throw new InputException("--dollars", m.ToString(), "give either a duration (--days/--hours) or --dollars, not both");
        if (hw.Duration is { } duration)
        {
            if (hw.Count is not { } n)
                throw new InputException("--gpus", hw.Accelerator.Name, "a duration needs a count of accelerators, such as --gpus 256xH100");
            return new Flops(n * hw.AchievedFlopsPerAcceleratorSecond * duration.Value);
        }
        if (hw.Money is { } money)
        {
            if (hw.Price is not { } p)
                throw new InputException("--dollars", money.ToString(), "a money budget needs a price: --instance p5.48xlarge or --price-per-gpu-hour 4.5");
            return new Flops(money.Value / p.PerAcceleratorHour.Value * 3600 * hw.AchievedFlopsPerAcceleratorSecond);
        }
        return null;
    }

    public static HardwareEstimate Estimate(PlanRequest r, Plan plan)
    {
        var hw = r.Hardware ?? throw new ArgumentException("the request has no hardware", nameof(r));
        var flops = plan.Allocation.Flops;
        var budget = BudgetOf(hw);
        var run = RunCost.Of(flops, hw, hw.Mfu.Value);
        var sensitivity = MfuFactors.Select(f =>
        {
            var mfu = Math.Min(1, hw.Mfu.Value * f);
            return new MfuSensitivity(f, RunCost.Of(flops, hw, mfu), budget is { } b ? new Flops(b.Value * mfu / hw.Mfu.Value) : null);
        }).ToList();

        var assumptions = Assumptions(hw);
        var warnings = new List<Warning>();

        LayoutChoice? layout = null;
        FittingModel? largest = null;
        Plan? fittingPlan = null;
        if (hw.Cluster is { } cluster && hw.SearchLayouts && hw.Accelerator.MemoryBytes is not null)
        {
            assumptions.Add(new("memory: mixed-precision Adam, 16 bytes/parameter before ZeRO sharding; activations per Korthikanti et al. 2022 Table 2, micro-batch 1; no framework buffers",
                "Rajbhandari et al. 2020 (ZeRO); Korthikanti et al. 2022"));
            layout = LayoutSearch.Best(plan.Allocation.Parameters, plan.Shape.Shape, cluster);
            if (!layout.Fits)
            {
                largest = LargestFit.Find(plan.Allocation.Parameters, cluster,
                    new ShapeRequest(plan.Allocation.Parameters, r.Vocab, r.Context, r.AspectRatio));
                var closest = $"the least memory needed is {layout.Memory.Total / 1e9:0.#} GB per device against {layout.DeviceMemoryBytes / 1e9:0.#} GB ({layout.Layout})";
                if (largest is null)
                    warnings.Add(new("does-not-fit", $"the model ({plan.Allocation.Parameters} parameters) does not fit on {cluster} in any of {layout.LayoutsChecked} layouts; {closest}; not even a {new Parameters(LargestFit.MinParameters)}-parameter model fits"));
                else
                {
                    fittingPlan = Planner.Plan(r with
                    {
                        Parameters = largest.Parameters, Tokens = null, TargetLoss = null, Budget = flops,
                        Hardware = hw with { Duration = null, Money = null, SearchLayouts = false },
                    });
                    warnings.Add(new("does-not-fit", $"the model ({plan.Allocation.Parameters} parameters) does not fit on {cluster} in any of {layout.LayoutsChecked} layouts; {closest}. " +
                        $"The largest model that fits is about {largest.Parameters} parameters ({largest.Layout.Layout}); on the same {flops} FLOPs it trains on {fittingPlan.Allocation.Tokens} tokens to loss {fittingPlan.Allocation.Loss}"));
                }
            }
            else if (layout.Utilisation > TightMemoryShare)
                warnings.Add(new("memory-tight", $"the layout uses {layout.Utilisation:0%} of device memory before framework buffers and fragmentation"));
        }
        else if (hw.Cluster is not null && hw.Accelerator.MemoryBytes is null)
            assumptions.Add(new($"{hw.Accelerator.Name} memory unknown: no layout search", hw.Accelerator.Source.ToString()));

        return new HardwareEstimate(hw, BudgetFrom(hw), budget, run, sensitivity, layout, largest, fittingPlan, assumptions, warnings);
    }

    /// <summary>Where the peak, MFU, price and energy figures of a hardware estimate come from.</summary>
    public static List<Assumption> Assumptions(HardwareRequest hw)
    {
        var assumptions = new List<Assumption>
        {
            new($"{hw.Accelerator.Name} dense {hw.Precision.Key()} peak {hw.Accelerator.PeakFlopsPerSecond(hw.Precision) / 1e12:0.#} TFLOP/s (no sparsity)", hw.Accelerator.Source.ToString()),
            new($"MFU {hw.Mfu.Value:0.###}", hw.Mfu.Source),
        };
        if (hw.Price is { } price) assumptions.Add(new($"price ${price.PerAcceleratorHour.Value:0.###} per accelerator-hour", price.Source));
        else assumptions.Add(new("no price: cost not estimated", "give --instance or --price-per-gpu-hour"));
        if (hw.Accelerator.TdpWatts is { } w) assumptions.Add(new($"energy at board power {w:0} W (an upper bound on draw) x PUE {hw.Pue.Value:0.##}", $"{hw.Accelerator.Source}; PUE {hw.Pue.Source}"));
        else assumptions.Add(new($"no published board power for {hw.Accelerator.Name}: energy not estimated", hw.Accelerator.Source.ToString()));
        return assumptions;
    }

    private static string? BudgetFrom(HardwareRequest hw)
    {
        var mfu = $"at {hw.Mfu.Value:0.##%} MFU of the dense {hw.Precision.Key()} peak";
        if (hw.Duration is { } t && hw.Count is { } n) return $"{n} x {hw.Accelerator.Name} for {t} {mfu}";
        if (hw.Money is { } m && hw.Price is { } p) return $"{m} at ${p.PerAcceleratorHour.Value:0.###} per accelerator-hour = {m.Value / p.PerAcceleratorHour.Value:N0} accelerator-hours {mfu}";
        return null;
    }
}
