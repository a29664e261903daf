using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>What training a number of FLOPs costs on some hardware; null where a figure is unknown.</summary>
public sealed record RunCost(
    double Mfu,
    Seconds? WallClock,
    double AcceleratorHours,
    Dollars? Cost,
    double? EnergyKwh)
{
    /// <summary>
    /// accelerator-seconds = FLOPs / (dense peak x MFU); wall clock = that / accelerators;
    /// cost = accelerator-hours x price; energy = accelerator-hours x board power (TDP, an upper
    /// bound on draw) x PUE.
    /// </summary>
    public static RunCost Of(Flops flops, HardwareRequest hw, double mfu)
    {
        var acceleratorSeconds = flops.Value / (hw.Accelerator.PeakFlopsPerSecond(hw.Precision) * mfu);
        var hours = acceleratorSeconds / 3600;
        return new RunCost(
            mfu,
            hw.Count is { } n ? new Seconds(acceleratorSeconds / n) : null,
            hours,
            hw.Price is { } p ? new Dollars(hours * p.PerAcceleratorHour.Value) : null,
            hw.Accelerator.TdpWatts is { } w ? hours * w / 1000 * hw.Pue.Value : null);
    }
}
