using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Schedule;
using ScalingLab.Vision;

namespace ScalingLab.Planning;

/// <summary>
/// The plan pipeline. A question, parsed once into a <see cref="PlanRequest"/>, flows through the
/// stages in one order, each a plain function from records to records:
/// allocation (<see cref="AllocationStage"/>) -> shape (<see cref="ShapeSearch"/>) -> schedule
/// (<see cref="Scheduler"/>) -> hardware (<see cref="HardwareStage"/>); <see cref="PlanNotes"/>
/// gathers what each stage assumed and warned. No stage calls back up the chain: when a model fits
/// no layout of the cluster, "the largest model that fits" is asked here as a new question.
/// A vision question takes the vision stages (<see cref="VisionPlanner"/>).
/// </summary>
public static class Planner
{
    public static PlanResult Plan(PlanRequest r) => r.Question is PlanQuestion.Vision v ? VisionPlanner.Plan(v, r) : Language(r);

    /// <summary>A language plan (any question but a vision one).</summary>
    public static Plan Language(PlanRequest r)
    {
        var shapes = r.ShapeOptions.Validated();
        var allocated = AllocationStage.Allocate(r);
        var a = UsableRange.Check(r.Question, allocated.Allocation);
        var shape = ShapeSearch.Propose(shapes.For(a.Parameters));
        var schedule = Scheduler.For(shape.Shape, a.Tokens, r.ScheduleRequest);
        var hardware = r.Hardware is { } hw ? HardwareStage.Estimate(hw, a, shape, shapes) : null;
        var kaplan = allocated.Rule is null && r.Law is Laws.ResolvedLaw.LossLaw l ? KaplanComparison.For(l.Law, a.Flops) : null;
        var law = allocated.Rule?.ReferenceLaw ?? ((Laws.ResolvedLaw.LossLaw)r.Law).Law;
        var plan = new Plan(allocated.Question, r.Question, law, a, shape, schedule, kaplan,
            PlanNotes.Assumptions(r, allocated, schedule, hardware), PlanNotes.Warnings(r, allocated, shape, hardware))
        {
            Hardware = hardware, Data = allocated.Data, Inference = allocated.Inference, Rule = allocated.Rule,
        };
        return hardware?.LargestFitting is { } fitting ? WithLargestFitting(plan, r, fitting.Parameters) : plan;
    }

    // The largest model that fits, asked as a question of its own: that size on the same FLOPs,
    // priced on the same hardware (no clock or money budget, no second layout search).
    private static Plan WithLargestFitting(Plan plan, PlanRequest r, Units.Parameters fitting)
    {
        var question = new PlanQuestion.ParametersOnBudget(fitting, plan.Allocation.Flops);
        var alternative = Language(r with { Question = question, Hardware = r.Hardware! with { Duration = null, Money = null, SearchLayouts = false } });
        var warnings = plan.Warnings.Select(w => w.Code == "does-not-fit"
            ? w with { Message = w.Message + $"; on the same {plan.Allocation.Flops} FLOPs it trains on {alternative.Allocation.Tokens} tokens to loss {alternative.Allocation.Loss}" }
            : w).ToList();
        return plan with { LargestFittingPlan = alternative, Warnings = warnings };
    }
}
