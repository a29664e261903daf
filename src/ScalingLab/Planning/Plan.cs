using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;

namespace ScalingLab.Planning;

/// <summary>An assumption the plan rests on, with where it comes from.</summary>
public sealed record Assumption(string What, string Source);

/// <summary>Something the user should know before trusting the numbers.</summary>
public sealed record Warning(string Code, string Message);

/// <summary>
/// The plan: every number with its provenance. The CLI, the report and the tests all read
/// this one record; nothing here is formatted for a screen.
/// </summary>
public sealed partial record Plan(
    string Question,
    IScalingLaw Law,
    Allocation.Allocation Allocation,
    ShapeProposal Shape,
    double ShapeExactFlopsPerToken,
    KaplanComparison Kaplan,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<Warning> Warnings,
    HardwareEstimate? Hardware = null);
