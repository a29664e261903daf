using System.Globalization;
using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>The allocation a data or inference constraint chose, with the question it answered.</summary>
public sealed record ConstrainedChoice(string Question, Allocation.Allocation Allocation,
    DataConstrainedAllocation? Data = null, InferenceAwareAllocation? Inference = null);

/// <summary>
/// The planner's extensions beyond compute-optimal: limited unique data, inference demand and the
/// training schedule. <see cref="Planner"/> calls <see cref="Allocate"/> before its own allocation and
/// <see cref="Complete"/> on the finished plan.
/// </summary>
public static class BeyondChinchilla
{
    // Closer than this to the unique data's loss floor, extra compute buys almost nothing.
    private const double DataFloorWarning = 1e-3;

    /// <summary>Null when the request has no data or inference constraint (the plain planner answers).</summary>
    public static ConstrainedChoice? Allocate(PlanRequest r)
    {
        if (r.Data is null && r.Inference is null) return null;
        if (r.Data is not null && r.Inference is not null)
            throw new InputException("--inference-tokens", r.Inference.Tokens.ToString(), "cannot be combined with --unique-tokens yet; plan them separately");
        if (r.Convention != FlopConvention.SixN)
            throw new InputException("--flops-convention", r.Convention.Name(), "--unique-tokens and --inference-tokens use C = 6ND; expected sixN");
        return r.Data is { } data ? AllocateData(r, data) : AllocateInference(r, r.Inference!);
    }

    private static ConstrainedChoice AllocateData(PlanRequest r, DataConstraint c)
    {
        var u = c.UniqueTokens;
        DataConstrainedAllocation a; string q;
        switch (r.Budget, r.Parameters, r.Tokens, r.TargetLoss)
        {
            case ({ } b, null, null, null):
                a = DataConstrainedAllocator.ComputeOptimal(r.Law, u, b, c.Repetition);
                q = $"best (N, D, epochs) for {b} FLOPs with {u} unique tokens";
                break;
            case (null, null, null, { } t):
                a = DataConstrainedAllocator.ForTargetLoss(r.Law, u, t, c.Repetition);
                q = $"cheapest model reaching loss {Format(t)} with {u} unique tokens";
                break;
            case (null, { } n, { } d, null):
                a = DataConstrainedAllocator.AtPoint(r.Law, u, n, d, c.Repetition);
                q = $"{n} parameters on {d} tokens from {u} unique tokens";
                break;
            case ({ } b, { } n, null, null):
                a = DataConstrainedAllocator.AtPoint(r.Law, u, n, new(b.Value / (6 * n.Value)), c.Repetition);
                q = $"{n} parameters on a budget of {b} FLOPs with {u} unique tokens";
                break;
            case ({ } b, null, { } d, null):
                a = DataConstrainedAllocator.AtPoint(r.Law, u, new(b.Value / (6 * d.Value)), d, c.Repetition);
                q = $"{d} tokens on a budget of {b} FLOPs with {u} unique tokens";
                break;
            default:
                throw new InputException("--unique-tokens", u.ToString(), "combine it with --budget, --target-loss, or two of --budget/--params/--tokens");
        }
        return new(q, a.Allocation, Data: a);
    }

    private static ConstrainedChoice AllocateInference(PlanRequest r, InferenceDemand demand)
    {
        double target; string q;
        switch (r.Budget, r.Parameters, r.Tokens, r.TargetLoss)
        {
            case (null, null, null, { } t):
                target = t;
                q = $"cheapest lifetime model reaching loss {Format(t)} and serving {demand.Tokens} tokens";
                break;
            case ({ } b, null, null, null):
                // A training budget sets the quality bar: the compute-optimal loss it buys.
                target = Allocator.ComputeOptimal(r.Law, b).Loss.Value;
                q = $"cheapest lifetime model matching the compute-optimal loss of {b} FLOPs ({Format(target)}) and serving {demand.Tokens} tokens";
                break;
            default:
                throw new InputException("--inference-tokens", demand.Tokens.ToString(), "combine it with --target-loss, or with --budget (whose compute-optimal loss becomes the target)");
        }
        var a = InferenceAwareAllocator.ForTargetLoss(r.Law, target, demand.Tokens, demand.Pricing);
        return new(q, a.Allocation, Inference: a);
    }

    /// <summary>Adds the schedule and the constraint's details, assumptions and warnings to a finished plan.</summary>
    public static Plan Complete(PlanRequest r, Plan plan, ConstrainedChoice? choice)
    {
        var assumptions = plan.Assumptions.ToList();
        var warnings = plan.Warnings.ToList();
        var schedule = Scheduler.For(plan.Shape.Shape, plan.Allocation.Tokens, r.Schedule);
        assumptions.Add(new($"learning rate and batch from {schedule.Rule.Name} ({schedule.RuleInputMeaning}); {schedule.Kind.Name()} decay over all {schedule.Steps:N0} steps",
            schedule.Rule.Source.ToString()));
        if (choice?.Data is { } d)
        {
            var rep = d.Law.Repetition;
            assumptions.Add(new($"repetition: R_D* = {rep.RdStar}, R_N* = {rep.RnStar}, U_N = {d.UniqueParameters} (the optimal size for {d.UniqueTokens} tokens under {r.Law.Name})", rep.Source.ToString()));
            if (!string.Equals(rep.BaseLaw, r.Law.Name, StringComparison.OrdinalIgnoreCase))
                assumptions.Add(new($"R_D* and R_N* were fitted with the {rep.BaseLaw} base law; applying them to {r.Law.Name} assumes the decay transfers", rep.Source.ToString()));
            if (d.Allocation.Loss.Value - d.LossFloor < DataFloorWarning)
                warnings.Add(new("data-floor", $"the budget is more than {d.UniqueTokens} unique tokens can use: the loss is within {d.Allocation.Loss.Value - d.LossFloor:0.#####} of the best this data allows at any compute ({d.LossFloor:0.####}); more unique data, not more compute, would help"));
            if (d.BeyondRuleOfThumb)
                warnings.Add(new("repetition", $"{d.Epochs:0.#} epochs over the unique data: past ~{rep.WarnEpochs:0} epochs repeated tokens are worth much less than fresh ones (effective data {d.EffectiveTokens} of {plan.Allocation.Tokens} seen)"));
        }
        if (choice?.Inference is { } inf)
        {
            assumptions.Add(new("inference costs 2N FLOPs per token served (forward pass); training 6N per token", "Sardana et al. 2024, Beyond Chinchilla-Optimal (arXiv:2401.00448)"));
            if (inf.Objective == "dollars")
                assumptions.Add(new("dollars = FLOPs / (peak FLOP/s x MFU) x price per device-hour, separately for training and inference hardware", "ScalingLab cost model"));
        }
        return plan with { Assumptions = assumptions, Warnings = warnings, Schedule = schedule, Data = choice?.Data, Inference = choice?.Inference };
    }

    private static string Format(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);
}
