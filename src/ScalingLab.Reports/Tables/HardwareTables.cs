using ScalingLab.Hardware;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Reports.Tables;

/// <summary>The hardware side of a plan as text: accelerators, budget, time, cost, energy, MFU sensitivity, layout.</summary>
public static class HardwareTables
{
    public static TextTable Plan(HardwareEstimate hw, Plan? largestFittingPlan)
    {
        var r = hw.Request;
        var t = new TextTable("Hardware", "Value");
        t.Row("Accelerators", (r.Count is { } n ? $"{n} x " : "") + $"{r.Accelerator.Name}, dense {r.Precision.Key()} {QuantityFormat.Significant(r.Accelerator.PeakFlopsPerSecond(r.Precision) / 1e12, 4)} TFLOP/s each");
        t.Row("MFU", $"{r.Mfu.Value:0.###} ({r.Mfu.Source})");
        if (hw.BudgetFrom is { } from) t.Row("Budget from", $"{from} = {hw.HardwareBudget} FLOPs");
        t.Row("Wall clock", hw.Run.WallClock?.ToString() ?? "(give --gpus with a count)");
        t.Row("Accelerator-hours", QuantityFormat.Count(hw.Run.AcceleratorHours));
        t.Row("Cost", hw.Run.Cost is { } c ? $"{c} at ${r.Price!.PerAcceleratorHour.Value:0.###}/accelerator-hour ({r.Price.Source})" : $"(no price: give {ParameterRef.To("instance")} or {ParameterRef.To("pricePerAcceleratorHour")})");
        t.Row("Energy", hw.Run.EnergyKwh is { } e ? $"{QuantityFormat.Count(e / 1000)} MWh at {r.Accelerator.TdpWatts:0} W x PUE {r.Pue.Value:0.##}" : "(board power unknown)");
        foreach (var s in hw.Sensitivity)
            t.Row($"At {s.Factor:0.##}x MFU ({s.Run.Mfu:0.###})",
                string.Join(", ", new[]
                {
                    s.Run.WallClock?.ToString(),
                    QuantityFormat.Count(s.Run.AcceleratorHours) + " accelerator-hours",
                    s.Run.Cost?.ToString(),
                    s.Run.EnergyKwh is { } ke ? QuantityFormat.Count(ke / 1000) + " MWh" : null,
                    s.BudgetBought is { } bb ? $"or the same hardware buys {bb} FLOPs" : null,
                }.Where(x => x is not null)));
        if (hw.Layout is { } l)
            t.Row(l.Fits ? "Layout (fits)" : "Layout (does NOT fit)", $"{l.Layout}: {Gb(l.Memory.Total)} of {Gb(l.DeviceMemoryBytes)} per device ({BreakdownText(l.Memory)})");
        if (hw.LargestFitting is { } f && largestFittingPlan is { } fp)
            t.Row("Largest model that fits", $"{f.Parameters} parameters, {fp.Allocation.Tokens} tokens, loss {fp.Allocation.Loss}; {f.Layout.Layout}, {Gb(f.Layout.Memory.Total)} per device");
        return t;
    }

    /// <summary>Time, accelerator-hours, cost and energy at the assumed MFU and at each sensitivity factor, one row each.</summary>
    public static TextTable Sensitivity(HardwareEstimate hw)
    {
        var t = new TextTable("MFU", "Wall clock", "Accelerator-hours", "Cost", "Energy", "FLOPs the same hardware buys");
        void Row(string label, RunCost run, Flops? bought) => t.Row(label,
            run.WallClock?.ToString() ?? "—",
            QuantityFormat.Count(run.AcceleratorHours),
            run.Cost?.ToString() ?? "—",
            run.EnergyKwh is { } e ? QuantityFormat.Count(e / 1000) + " MWh" : "—",
            bought?.ToString() ?? "—");
        var rows = hw.Sensitivity.Select(s => (Factor: s.Factor, s.Run, s.BudgetBought))
            .Append((Factor: 1.0, hw.Run, hw.HardwareBudget)).OrderBy(r => r.Factor);
        foreach (var (factor, run, bought) in rows)
            Row(factor == 1.0 ? $"{run.Mfu:0.###} (assumed)" : $"{run.Mfu:0.###} ({factor:0.##}x)", run, bought);
        return t;
    }

    public static string Gb(double bytes) => QuantityFormat.Significant(bytes / 1e9, 3) + " GB";

    public static string BreakdownText(MemoryBreakdown m) =>
        $"weights {Gb(m.Weights)}, gradients {Gb(m.Gradients)}, optimizer {Gb(m.OptimizerStates)}, activations {Gb(m.Activations)}";
}
