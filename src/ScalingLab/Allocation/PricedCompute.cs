using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>
/// One kind of hardware as the cost model sees it: peak FLOP/s per device, the fraction of it a
/// job achieves (MFU), and the price of a device-hour. Explicit numbers the user gives; the
/// hardware catalog is a separate concern.
/// </summary>
public sealed record PricedCompute(double PeakFlopsPerSecond, double Utilization, Dollars PricePerHour)
{
    public PricedCompute Validated(string field)
    {
        if (!(PeakFlopsPerSecond > 0) || !double.IsFinite(PeakFlopsPerSecond))
            throw new InputException(field + "-flops-per-second", PeakFlopsPerSecond.ToString("R"), "expected a positive FLOP/s rate such as 989e12");
        if (!(Utilization > 0 && Utilization <= 1))
            throw new InputException(field + "-mfu", Utilization.ToString("R"), "expected a utilisation in (0, 1], such as 0.4");
        return this;
    }

    /// <summary>Device-seconds of work for a FLOP count at this utilisation.</summary>
    public Seconds DeviceTime(Flops work) => new(work.Value / (PeakFlopsPerSecond * Utilization));

    public Dollars Cost(Flops work) => new(DeviceTime(work).Value / 3600 * PricePerHour.Value);

    public double DollarsPerFlop => PricePerHour.Value / 3600 / (PeakFlopsPerSecond * Utilization);
}
