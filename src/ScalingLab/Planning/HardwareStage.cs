using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// Stage 4 of the plan pipeline: the plan's FLOPs on the requested hardware: time, accelerator-hours,
/// cost, energy and their sensitivity to MFU, and a parallel layout that fits, or, when none does,
/// the largest model of the same shape family that fits.
/// </summary>
public static class HardwareStage
{
    public static readonly double[] MfuFactors = [0.75, 1.25];

    // Above this share of device memory, say that buffers and fragmentation may not fit.
    private const double TightMemoryShare = 0.9;

    public static HardwareEstimate Estimate(HardwareRequest hw, Allocation.Allocation allocation, ShapeProposal shape, ShapeOptions shapes)
    {
        var flops = allocation.Flops;
        var budget = HardwareBudget.Of(hw);
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
        if (hw.Cluster is { } cluster && hw.SearchLayouts && hw.Accelerator.MemoryBytes is not null)
        {
            assumptions.Add(new("memory: mixed-precision Adam, 16 bytes/parameter before ZeRO sharding; activations per Korthikanti et al. 2022 Table 2, micro-batch 1; no framework buffers",
                "Rajbhandari et al. 2020 (ZeRO); Korthikanti et al. 2022"));
            layout = LayoutSearch.Best(allocation.Parameters, shape.Shape, cluster);
            if (!layout.Fits)
            {
                largest = LargestFit.Find(allocation.Parameters, cluster, shapes.For(allocation.Parameters));
                var closest = $"the least memory needed is {layout.Memory.Total / 1e9:0.#} GB per device against {layout.DeviceMemoryBytes / 1e9:0.#} GB ({layout.Layout})";
                if (largest is null)
                    warnings.Add(new("does-not-fit", $"the model ({allocation.Parameters} parameters) does not fit on {cluster} in any of {layout.LayoutsChecked} layouts; {closest}; not even a {new Parameters(LargestFit.MinParameters)}-parameter model fits"));
                else
                    warnings.Add(new("does-not-fit", $"the model ({allocation.Parameters} parameters) does not fit on {cluster} in any of {layout.LayoutsChecked} layouts; {closest}. " +
                        $"The largest model that fits is about {largest.Parameters} parameters ({largest.Layout.Layout})"));
            }
            else if (layout.Utilisation > TightMemoryShare)
                warnings.Add(new("memory-tight", $"the layout uses {layout.Utilisation:0%} of device memory before framework buffers and fragmentation"));
        }
        else if (hw.Cluster is not null && hw.Accelerator.MemoryBytes is null)
            assumptions.Add(new($"{hw.Accelerator.Name} memory unknown: no layout search", hw.Accelerator.Source.ToString()));

        return new HardwareEstimate(hw, HardwareBudget.Describe(hw), budget, run, sensitivity, layout, largest, assumptions, warnings);
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
        else assumptions.Add(new("no price: cost not estimated", $"give {ParameterRef.To("instance")} or {ParameterRef.To("pricePerAcceleratorHour")}"));
        if (hw.Accelerator.TdpWatts is { } w) assumptions.Add(new($"energy at board power {w:0} W (an upper bound on draw) x PUE {hw.Pue.Value:0.##}", $"{hw.Accelerator.Source}; PUE {hw.Pue.Source}"));
        else assumptions.Add(new($"no published board power for {hw.Accelerator.Name}: energy not estimated", hw.Accelerator.Source.ToString()));
        return assumptions;
    }
}
