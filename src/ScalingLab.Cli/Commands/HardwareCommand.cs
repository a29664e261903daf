using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Hardware;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab hardware`: the accelerator and instance catalogs with dense peaks, prices and sources.</summary>
public static class HardwareCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = HardwareOptions.HardwareFileOption();
        var json = Options.Json();
        var cmd = new Command("hardware", """
            List the accelerators (dense peak TFLOP/s per precision, never the sparse figures; memory,
            bandwidth, board power) and cloud instances (accelerators, on-demand price and its date),
            each with its source. Unknown figures show as '-' and are not guessed.
            Examples:
              scalinglab hardware
              scalinglab hardware --json
              scalinglab hardware --hardware-file my-cluster.json   (your entries override or add)
            """)
        { file, json };
        cmd.SetAction(p =>
        {
            var catalog = HardwareOptions.Catalog(p, file);
            if (p.GetValue(json))
            {
                JsonOutput.Write(ctx, catalog.Accelerators.Cast<object>().Concat(catalog.Instances).ToList());
                return 0;
            }
            var t = Tables.New("Accelerator", "BF16 dense TFLOP/s", "Other dense TFLOP/s", "Memory GB", "GB/s", "TDP W", "Source");
            foreach (var a in catalog.Accelerators)
            {
                var others = string.Join(", ", a.PeakTflops.Where(kv => kv.Key != Precision.Bf16).Select(kv => $"{kv.Key.Key()} {Num(kv.Value)}"));
                t.Row(a.Name + (a.Aliases.Count > 0 ? $" ({string.Join(", ", a.Aliases)})" : ""),
                    a.PeakTflops.TryGetValue(Precision.Bf16, out var bf) ? Num(bf) : "-",
                    a.Describable ? "describe: " + ctx.Flags.Expand(a.Notes ?? "") : others,
                    Num(a.MemoryGB), Num(a.BandwidthGBs), Num(a.TdpWatts), a.Source.ToString());
            }
            ctx.Console.Write(t);
            var it = Tables.New("Instance", "Accelerators", "On-demand $/h", "$/accelerator-hour", "Region, date", "Source");
            foreach (var i in catalog.Instances)
                it.Row(i.Name, $"{i.AcceleratorCount} x {i.Accelerator.Name}", i.OnDemandDollarsPerHour is { } d ? $"{d:0.00}" : "unknown",
                    i.DollarsPerAcceleratorHour is { } g ? $"{g:0.000}" : "-", $"{i.Region}, {i.PriceDate ?? "-"}", ctx.Flags.Expand(i.Source.Title));
            ctx.Console.Write(it);
            var u = Tables.New("Published figure (--mfu / --pue NAME)", "Value", "Source");
            foreach (var e in UtilisationCatalog.Mfu) u.Row($"MFU {e.Name}" + (e.Default ? " (default)" : ""), $"{e.Value}", e.Source);
            foreach (var e in UtilisationCatalog.Pue) u.Row($"PUE {e.Name}" + (e.Default ? " (default)" : ""), $"{e.Value}", e.Source);
            ctx.Console.Write(u);
            return 0;
        });
        return cmd;
    }

    private static string Num(double? v) => v is { } x ? QuantityFormat.Significant(x, 5) : "-";
}
