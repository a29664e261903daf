using System.Text.Json.Serialization;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>How the plan's cost moves if the achieved MFU is a multiple of the assumed one.</summary>
/// <param name="Factor">0.75 or 1.25 of the assumed MFU.</param>
/// <param name="Run">Time, accelerator-hours, cost and energy of the plan's FLOPs at that MFU.</param>
/// <param name="BudgetBought">When the budget came from a clock or money: the FLOPs those resources buy at that MFU.</param>
public sealed record MfuSensitivity(double Factor, RunCost Run, Flops? BudgetBought);

/// <summary>
/// The hardware side of a plan: where the budget came from, time/accelerator-hours/cost/energy,
/// their sensitivity to MFU, the parallel layout found for the model on the cluster, and, when the
/// model fits in no layout, the largest model that does (whose plan is a new question; see
/// <see cref="Planner"/>).
/// </summary>
public sealed record HardwareEstimate(
    [property: JsonIgnore] HardwareRequest Request,
    string? BudgetFrom,
    Flops? HardwareBudget,
    RunCost Run,
    [property: JsonPropertyName("mfuSensitivity")] IReadOnlyList<MfuSensitivity> Sensitivity,
    LayoutChoice? Layout,
    FittingModel? LargestFitting,
    [property: JsonIgnore] IReadOnlyList<Assumption> Assumptions,
    [property: JsonIgnore] IReadOnlyList<Warning> Warnings)
{
    public string Accelerator => Request.Accelerator.Name;
    public string Vendor => Request.Accelerator.Vendor;
    /// <summary>The cloud instance named with the hardware, and how many accelerators each has.</summary>
    public string? Instance => Request.Instance?.Name;
    public int? AcceleratorsPerInstance => Request.Instance?.AcceleratorCount;
    public int? Count => Request.Count;
    public Precision Precision => Request.Precision;
    public double PeakTflops => Request.Accelerator.PeakFlopsPerSecond(Request.Precision) / 1e12;
    public double Mfu => Request.Mfu.Value;
    public string MfuSource => Request.Mfu.Source;
    public double Pue => Request.Pue.Value;
    public string PueSource => Request.Pue.Source;
    public double? DollarsPerAcceleratorHour => Request.Price?.PerAcceleratorHour.Value;
    public string? PriceSource => Request.Price?.Source;
    /// <summary>Whether the model fits the cluster in the layout found (null without a layout search).</summary>
    public bool? Fits => Layout?.Fits;
    public double? BytesPerDevice => Layout?.Memory.Total;
}
