using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// What `memory` answers: per-device training memory of a model in a parallel layout, and, on a
/// cluster, whether it fits (and how many layouts a search checked to find it).
/// </summary>
public sealed record MemoryReport(
    Parameters Parameters,
    ModelShape Shape,
    ParallelLayout Layout,
    MemoryBreakdown Breakdown,
    [property: System.Text.Json.Serialization.JsonIgnore] Cluster? Cluster,
    int? LayoutsChecked)
{
    public double BytesPerDevice => Breakdown.Total;
    public string? Accelerator => Cluster?.Accelerator.Name;
    public int? Devices => Cluster?.Count;
    public double? DeviceMemoryBytes => Cluster?.Accelerator.MemoryBytes;
    public bool? Fits => DeviceMemoryBytes is { } c ? Breakdown.Total <= c : null;
}
