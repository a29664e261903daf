using System.Text.Json.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// One accelerator as the catalog describes it: DENSE peak FLOP/s per precision (never the
/// 2:4-sparsity figures vendors print beside them), memory, bandwidth and board power, with a source.
/// Unknown figures are null rather than guessed; estimates that need them say so.
/// </summary>
public sealed record Accelerator(
    string Name,
    IReadOnlyList<string> Aliases,
    string Vendor,
    [property: JsonPropertyName("denseTflops")] IReadOnlyDictionary<Precision, double> PeakTflops,
    double? MemoryGB,
    double? BandwidthGBs,
    double? TdpWatts,
    HardwareSource Source,
    string? Notes = null,
    bool Describable = false)
{
    [JsonPropertyOrder(-2)] public string Kind => "accelerator";
    /// <summary>The dense bf16 peak in TFLOP/s, the figure plans use by default.</summary>
    public double? Bf16Tflops => PeakTflops.TryGetValue(Precision.Bf16, out var v) ? v : null;

    /// <summary>Dense peak in FLOP/s at a precision; an input error if the catalog has no figure for it.</summary>
    public double PeakFlopsPerSecond(Precision precision, string field = "precision") =>
        PeakTflops.TryGetValue(precision, out var t)
            ? t * 1e12
            : throw new InputException(field, precision.Key(),
                PeakTflops.Count == 0
                    ? $"{Name} has no peak figures; describe it (see `scalinglab hardware`)"
                    : $"{Name} has dense peaks for " + string.Join(", ", PeakTflops.Keys.Select(k => k.Key())));

    /// <summary>Device memory in bytes (decimal GB, as the ZeRO paper counts), if known.</summary>
    [JsonIgnore] public double? MemoryBytes => MemoryGB * 1e9;
}
