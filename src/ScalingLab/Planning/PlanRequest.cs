using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>Only U unique tokens exist (Muennighoff et al. 2023).</summary>
public sealed record DataConstraint(Tokens UniqueTokens, Repetition? Repetition = null);

/// <summary>The model will serve this many tokens over its life (Sardana et al. 2024); prices make it the dollar version.</summary>
public sealed record InferenceDemand(Tokens Tokens, InferencePricing? Pricing = null);

/// <summary>
/// Everything a plan is asked for, as one immutable record: the question, the law (a loss law, an
/// allocation rule or a compute-only law), how FLOPs are counted, the family of shapes to propose,
/// the schedule rule, the hardware, and the constraints beyond compute-optimal.
/// </summary>
public sealed record PlanRequest(
    PlanQuestion Question,
    ResolvedLaw Law,
    FlopConvention Convention = FlopConvention.SixN,
    ShapeOptions? Shape = null,
    ScheduleRequest? Schedule = null,
    HardwareRequest? Hardware = null,
    DataConstraint? Data = null,
    InferenceDemand? Inference = null)
{
    /// <summary>A plan of a loss law with the default shape family, schedule and no hardware.</summary>
    public static PlanRequest For(IScalingLaw law, PlanQuestion question) => new(question, new ResolvedLaw.LossLaw(law));

    public ShapeOptions ShapeOptions => Shape ?? new ShapeOptions();
    public ScheduleRequest ScheduleRequest => Schedule ?? new ScheduleRequest();
}
