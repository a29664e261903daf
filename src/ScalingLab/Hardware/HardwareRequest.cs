using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>A price per accelerator-hour and where it comes from (an instance's on-demand price, or the user).</summary>
public sealed record AcceleratorPrice(Dollars PerAcceleratorHour, string Source);

/// <summary>
/// The hardware side of a plan request. Budgets in hardware terms: a cluster and a duration
/// (GPUs x seconds x MFU x peak), or money and a price (dollars / price = accelerator-hours).
/// Without either, the plan's FLOPs are turned into time and money on this hardware.
/// </summary>
public sealed record HardwareRequest(
    Accelerator Accelerator,
    int? Count,
    SourcedFactor Mfu,
    SourcedFactor Pue,
    Seconds? Duration = null,
    Dollars? Money = null,
    AcceleratorPrice? Price = null,
    Precision Precision = Precision.Bf16,
    bool SearchLayouts = true)
{
    /// <summary>The cloud instance the accelerators come in, when one was named (exports size jobs by it).</summary>
    public CloudInstance? Instance { get; init; }

    public Cluster? Cluster => Count is { } n ? new Cluster(n, Accelerator) : null;

    /// <summary>Accelerator FLOP/s actually delivered: dense peak x MFU.</summary>
    public double AchievedFlopsPerAcceleratorSecond => Accelerator.PeakFlopsPerSecond(Precision) * Mfu.Value;
}
