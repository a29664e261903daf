using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>Only U unique tokens exist (Muennighoff et al. 2023).</summary>
public sealed record DataConstraint(Tokens UniqueTokens, Repetition? Repetition = null);

/// <summary>The model will serve this many tokens over its life (Sardana et al. 2024); prices make it the dollar version.</summary>
public sealed record InferenceDemand(Tokens Tokens, InferencePricing? Pricing = null);

// The beyond-Chinchilla parts of a request and of a plan, kept in their own members so other
// extensions of the plan (hardware, for one) merge without touching these.
public sealed partial record PlanRequest
{
    public DataConstraint? Data { get; init; }
    public InferenceDemand? Inference { get; init; }
    public ScheduleRequest? Schedule { get; init; }
}

public sealed partial record Plan
{
    /// <summary>Learning rate, batch, steps and warm-up for the planned shape and tokens.</summary>
    public TrainingSchedule? Schedule { get; init; }
    /// <summary>Set when the plan was made under limited unique data.</summary>
    public DataConstrainedAllocation? Data { get; init; }
    /// <summary>Set when the plan was made for a lifetime of inference tokens.</summary>
    public InferenceAwareAllocation? Inference { get; init; }
}
