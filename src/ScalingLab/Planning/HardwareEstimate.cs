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
/// model fits in no layout, the largest model that does with its own plan.
/// </summary>
public sealed record HardwareEstimate(
    HardwareRequest Request,
    string? BudgetFrom,
    Flops? HardwareBudget,
    RunCost Run,
    IReadOnlyList<MfuSensitivity> Sensitivity,
    LayoutChoice? Layout,
    FittingModel? LargestFitting,
    Plan? FittingPlan,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<Warning> Warnings);
