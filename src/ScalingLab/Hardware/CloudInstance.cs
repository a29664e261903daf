namespace ScalingLab.Hardware;

/// <summary>A rentable machine: which accelerator, how many, and its on-demand price (null when no citable price was found).</summary>
public sealed record CloudInstance(
    string Name,
    string Provider,
    [property: System.Text.Json.Serialization.JsonIgnore] Accelerator Accelerator,
    int AcceleratorCount,
    double? OnDemandDollarsPerHour,
    string Region,
    string? PriceDate,
    HardwareSource Source)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)] public string Kind => "instance";
    [System.Text.Json.Serialization.JsonPropertyName("accelerator")] public string AcceleratorName => Accelerator.Name;
    /// <summary>The instance's dense bf16 peak in TFLOP/s (all its accelerators).</summary>
    public double? Bf16Tflops => Accelerator.Bf16Tflops * AcceleratorCount;

    /// <summary>The on-demand price of one accelerator for one hour.</summary>
    public double? DollarsPerAcceleratorHour => OnDemandDollarsPerHour / AcceleratorCount;
}
