namespace ScalingLab.Hardware;

/// <summary>A rentable machine: which accelerator, how many, and its on-demand price (null when no citable price was found).</summary>
public sealed record CloudInstance(
    string Name,
    string Provider,
    Accelerator Accelerator,
    int AcceleratorCount,
    double? OnDemandDollarsPerHour,
    string Region,
    string? PriceDate,
    HardwareSource Source)
{
    /// <summary>The on-demand price of one accelerator for one hour.</summary>
    public double? DollarsPerAcceleratorHour => OnDemandDollarsPerHour / AcceleratorCount;
}
