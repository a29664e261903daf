using System.Text.Json.Nodes;
using ScalingLab.Hardware;
using ScalingLab.Planning;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The hardware part of a plan (table and JSON), the memory breakdown, and catalog entries as JSON.</summary>
public static class HardwareRendering
{
    /// <summary>Adds the contract keys (seconds, acceleratorHours, dollars, energyKwh) and a "hardware" object.</summary>
    public static void AddJson(JsonObject o, HardwareEstimate? hw)
    {
        if (hw is null) return;
        var run = hw.Run;
        if (run.WallClock is { } s) o["seconds"] = s.Value;
        o["acceleratorHours"] = run.AcceleratorHours;
        if (run.Cost is { } d) o["dollars"] = d.Value;
        if (run.EnergyKwh is { } e) o["energyKwh"] = e;
        var r = hw.Request;
        var h = new JsonObject
        {
            ["accelerator"] = r.Accelerator.Name,
            ["count"] = r.Count,
            ["precision"] = r.Precision.Key(),
            ["peakTflops"] = r.Accelerator.PeakFlopsPerSecond(r.Precision) / 1e12,
            ["mfu"] = r.Mfu.Value,
            ["mfuSource"] = r.Mfu.Source,
            ["pue"] = r.Pue.Value,
            ["pueSource"] = r.Pue.Source,
            ["dollarsPerAcceleratorHour"] = r.Price?.PerAcceleratorHour.Value,
            ["priceSource"] = r.Price?.Source,
            ["budgetFrom"] = hw.BudgetFrom,
            ["hardwareBudgetFlops"] = hw.HardwareBudget?.Value,
            ["mfuSensitivity"] = new JsonArray(hw.Sensitivity.Select(x => (JsonNode)new JsonObject
            {
                ["factor"] = x.Factor,
                ["mfu"] = x.Run.Mfu,
                ["seconds"] = x.Run.WallClock?.Value,
                ["acceleratorHours"] = x.Run.AcceleratorHours,
                ["dollars"] = x.Run.Cost?.Value,
                ["energyKwh"] = x.Run.EnergyKwh,
                ["budgetFlops"] = x.BudgetBought?.Value,
            }).ToArray()),
        };
        if (hw.Layout is { } l)
        {
            h["layout"] = Layout(l.Layout);
            h["fits"] = l.Fits;
            h["bytesPerDevice"] = l.Memory.Total;
            h["deviceMemoryBytes"] = l.DeviceMemoryBytes;
            h["memoryBreakdown"] = Breakdown(l.Memory);
        }
        if (hw.LargestFitting is { } f)
        {
            h["largestFitting"] = new JsonObject
            {
                ["parameters"] = f.Parameters.Value,
                ["layout"] = Layout(f.Layout.Layout),
                ["bytesPerDevice"] = f.Layout.Memory.Total,
                ["plan"] = hw.FittingPlan is { } fp ? Commands.PlanCommand.ToJson(fp) : null,
            };
        }
        o["hardware"] = h;
    }

    public static JsonObject Layout(ParallelLayout l) => new()
    {
        ["tensorParallel"] = l.Tensor, ["pipelineParallel"] = l.Pipeline, ["dataParallel"] = l.Data,
        ["zeroStage"] = l.ZeroStage, ["recompute"] = l.Recompute.Key(), ["sequenceParallel"] = l.SequenceParallel,
        ["microBatch"] = l.MicroBatch,
    };

    public static JsonObject Breakdown(MemoryBreakdown m) => new()
    {
        ["weights"] = m.Weights, ["gradients"] = m.Gradients, ["optimizerStates"] = m.OptimizerStates, ["activations"] = m.Activations,
    };

    /// <summary>Rows for the plan table, then the sensitivity and layout lines.</summary>
    public static void Render(IAnsiConsole console, HardwareEstimate? hw)
    {
        if (hw is null) return;
        var r = hw.Request;
        var t = Tables.New("Hardware", "Value");
        t.Row("Accelerators", (r.Count is { } n ? $"{n} x " : "") + $"{r.Accelerator.Name}, dense {r.Precision.Key()} {QuantityFormat.Significant(r.Accelerator.PeakFlopsPerSecond(r.Precision) / 1e12, 4)} TFLOP/s each");
        t.Row("MFU", $"{r.Mfu.Value:0.###} ({r.Mfu.Source})");
        if (hw.BudgetFrom is { } from) t.Row("Budget from", $"{from} = {hw.HardwareBudget} FLOPs");
        t.Row("Wall clock", hw.Run.WallClock?.ToString() ?? "(give --gpus with a count)");
        t.Row("Accelerator-hours", QuantityFormat.Count(hw.Run.AcceleratorHours));
        t.Row("Cost", hw.Run.Cost is { } c ? $"{c} at ${r.Price!.PerAcceleratorHour.Value:0.###}/accelerator-hour ({r.Price.Source})" : "(no price: give --instance or --price-per-gpu-hour)");
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
        if (hw.LargestFitting is { } f && hw.FittingPlan is { } fp)
            t.Row("Largest model that fits", $"{f.Parameters} parameters, {fp.Allocation.Tokens} tokens, loss {fp.Allocation.Loss}; {f.Layout.Layout}, {Gb(f.Layout.Memory.Total)} per device");
        console.Write(t);
    }

    public static string Gb(double bytes) => QuantityFormat.Significant(bytes / 1e9, 3) + " GB";

    public static string BreakdownText(MemoryBreakdown m) =>
        $"weights {Gb(m.Weights)}, gradients {Gb(m.Gradients)}, optimizer {Gb(m.OptimizerStates)}, activations {Gb(m.Activations)}";

    public static JsonObject Accelerator(Accelerator a)
    {
        var peaks = new JsonObject();
        foreach (var (p, v) in a.PeakTflops) peaks[p.Key()] = v;
        return new JsonObject
        {
            ["kind"] = "accelerator",
            ["name"] = a.Name,
            ["aliases"] = new JsonArray(a.Aliases.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
            ["vendor"] = a.Vendor,
            ["bf16Tflops"] = a.PeakTflops.TryGetValue(Precision.Bf16, out var bf) ? bf : null,
            ["denseTflops"] = peaks,
            ["memoryGB"] = a.MemoryGB,
            ["bandwidthGBs"] = a.BandwidthGBs,
            ["tdpWatts"] = a.TdpWatts,
            ["describable"] = a.Describable,
            ["source"] = Source(a.Source),
            ["notes"] = a.Notes,
        };
    }

    public static JsonObject Instance(CloudInstance i) => new()
    {
        ["kind"] = "instance",
        ["name"] = i.Name,
        ["provider"] = i.Provider,
        ["accelerator"] = i.Accelerator.Name,
        ["acceleratorCount"] = i.AcceleratorCount,
        ["bf16Tflops"] = i.Accelerator.PeakTflops.TryGetValue(Precision.Bf16, out var bf) ? bf * i.AcceleratorCount : null,
        ["onDemandDollarsPerHour"] = i.OnDemandDollarsPerHour,
        ["dollarsPerAcceleratorHour"] = i.DollarsPerAcceleratorHour,
        ["region"] = i.Region,
        ["priceDate"] = i.PriceDate,
        ["source"] = Source(i.Source),
    };

    private static JsonObject Source(HardwareSource s) => new() { ["title"] = s.Title, ["url"] = s.Url, ["date"] = s.Date };
}
