using System.Globalization;
using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;
using Q = ScalingLab.Planning.PlanQuestion;

namespace ScalingLab.Planning;

/// <summary>The allocation stage's answer: (N, D) in words and numbers, and what the objective chose it under.</summary>
public sealed record AllocationOutcome(string Question, Allocation.Allocation Allocation,
    DataConstrainedAllocation? Data = null, InferenceAwareAllocation? Inference = null, RuleAllocation? Rule = null);

/// <summary>
/// Stage 1 of the plan pipeline: the question and the objective give (N, D). The objective is one
/// of compute-optimal under the law (any FLOP convention), limited unique data (Muennighoff et al.
/// 2023), a lifetime of inference (Sardana et al. 2024), or a published allocation rule; each
/// answers the kinds of question it can, by the question's type.
/// </summary>
public static class AllocationStage
{
    public static AllocationOutcome Allocate(PlanRequest r)
    {
        var family = r.ShapeOptions.Family;
        switch (r.Law)
        {
            case ResolvedLaw.Rule rule:
                return ByRule(rule.Allocation, r, family);
            case ResolvedLaw.LossLaw { Law: var law }:
                if (r.Data is not null && r.Inference is not null)
                    throw new InputException("inferenceTokens", r.Inference.Tokens.ToString(), $"cannot be combined with {ParameterRef.To("uniqueTokens")} yet; plan them separately");
                if ((r.Data is not null || r.Inference is not null) && r.Convention != FlopConvention.SixN)
                    throw new InputException("convention", r.Convention.Name(), $"{ParameterRef.To("uniqueTokens")} and {ParameterRef.To("inferenceTokens")} use C = 6ND; expected sixN");
                if (r.Data is { } data) return LimitedData(law, data, r.Question);
                if (r.Inference is { } demand) return LifetimeInference(law, demand, r.Question);
                return ComputeOptimal(law, r.Question, r.Convention, family);
            default:
                throw new InputException("law", r.Law.Name, "a language plan needs a loss law or an allocation rule; compute-only laws plan vision runs");
        }
    }

    private static AllocationOutcome ComputeOptimal(IScalingLaw law, Q q, FlopConvention conv, ShapeFamily f) => q switch
    {
        Q.ComputeOptimal c => new($"compute-optimal for a budget of {c.Budget} FLOPs", Allocator.ComputeOptimal(law, c.Budget, conv, f)),
        Q.TokensForParameters p => new($"compute-optimal tokens for {p.Parameters} parameters", Allocator.ForParameters(law, p.Parameters, conv, f)),
        Q.ParametersForTokens t => new($"compute-optimal size for {t.Tokens} tokens", Allocator.ForTokens(law, t.Tokens, conv, f)),
        Q.ParametersOnBudget p => new($"{p.Parameters} parameters on a budget of {p.Budget} FLOPs", Allocator.ForParametersAndBudget(law, p.Parameters, p.Budget, conv, f)),
        Q.TokensOnBudget t => new($"{t.Tokens} tokens on a budget of {t.Budget} FLOPs", Allocator.ForTokensAndBudget(law, t.Tokens, t.Budget, conv, f)),
        Q.Point p => new($"{p.Parameters} parameters on {p.Tokens} tokens", Allocator.AtPoint(law, p.Parameters, p.Tokens, conv, f)),
        Q.CheapestForLoss l => new($"cheapest model reaching loss {Format(l.Target)}", Allocator.ForTargetLoss(law, l.Target.Value, conv, f)),
        Q.TokensForLoss l => new($"tokens to reach loss {Format(l.Target)} with {l.Parameters} parameters",
            Allocator.AtPoint(law, l.Parameters, Allocator.TokensToReach(law, l.Parameters, l.Target), conv, f)),
        _ => throw Unsupported(q, "a compute-optimal plan"),
    };

    private static AllocationOutcome LimitedData(IScalingLaw law, DataConstraint c, Q q)
    {
        var u = c.UniqueTokens;
        var (question, a) = q switch
        {
            Q.ComputeOptimal b => ($"best (N, D, epochs) for {b.Budget} FLOPs with {u} unique tokens",
                DataConstrainedAllocator.ComputeOptimal(law, u, b.Budget, c.Repetition)),
            Q.CheapestForLoss t => ($"cheapest model reaching loss {Precise(t.Target)} with {u} unique tokens",
                DataConstrainedAllocator.ForTargetLoss(law, u, t.Target.Value, c.Repetition)),
            Q.Point p => ($"{p.Parameters} parameters on {p.Tokens} tokens from {u} unique tokens",
                DataConstrainedAllocator.AtPoint(law, u, p.Parameters, p.Tokens, c.Repetition)),
            Q.ParametersOnBudget p => ($"{p.Parameters} parameters on a budget of {p.Budget} FLOPs with {u} unique tokens",
                DataConstrainedAllocator.AtPoint(law, u, p.Parameters, p.Budget / FlopsPerToken.SixN(p.Parameters), c.Repetition)),
            Q.TokensOnBudget t => ($"{t.Tokens} tokens on a budget of {t.Budget} FLOPs with {u} unique tokens",
                DataConstrainedAllocator.AtPoint(law, u, new Parameters(t.Budget.Value / (6 * t.Tokens.Value)), t.Tokens, c.Repetition)),
            _ => throw new InputException("uniqueTokens", u.ToString(),
                $"combine it with {ParameterRef.To("budget")}, {ParameterRef.To("targetLoss")}, or two of {ParameterRef.To("budget")}/{ParameterRef.To("parameters")}/{ParameterRef.To("tokens")}"),
        };
        return new(question, a.Allocation, Data: a);
    }

    private static AllocationOutcome LifetimeInference(IScalingLaw law, InferenceDemand demand, Q q)
    {
        var (question, target) = q switch
        {
            Q.CheapestForLoss t => ($"cheapest lifetime model reaching loss {Precise(t.Target)} and serving {demand.Tokens} tokens", t.Target.Value),
            // A training budget sets the quality bar: the compute-optimal loss it buys.
            Q.ComputeOptimal b when Allocator.ComputeOptimal(law, b.Budget).Loss is var bar =>
                ($"cheapest lifetime model matching the compute-optimal loss of {b.Budget} FLOPs ({Precise(bar)}) and serving {demand.Tokens} tokens", bar.Value),
            _ => throw new InputException("inferenceTokens", demand.Tokens.ToString(),
                $"combine it with {ParameterRef.To("targetLoss")}, or with {ParameterRef.To("budget")} (whose compute-optimal loss becomes the target)"),
        };
        var a = InferenceAwareAllocator.ForTargetLoss(law, target, demand.Tokens, demand.Pricing);
        return new(question, a.Allocation, Inference: a);
    }

    private static AllocationOutcome ByRule(AllocationRule rule, PlanRequest r, ShapeFamily family)
    {
        if (r.Question is not Q.ComputeOptimal c || r.Data is not null || r.Inference is not null)
            throw new InputException("law", rule.Name,
                $"an allocation rule answers {ParameterRef.To("budget")} alone (it predicts no loss, so no {ParameterRef.To("targetLoss")}, {ParameterRef.To("uniqueTokens")} or {ParameterRef.To("inferenceTokens")})");
        if (r.Convention != FlopConvention.SixN)
            throw new InputException("convention", r.Convention.Name(), "allocation rules are stated under C = 6ND (or C = M D for deepseek2024); expected sixN");
        var (allocation, outcome) = RuleAllocation.For(rule, c.Budget, LawCatalog.Default, family);
        return new($"{rule.Name} allocation for a budget of {c.Budget} FLOPs", allocation, Rule: outcome);
    }

    private static InputException Unsupported(Q q, string what) =>
        new("question", q.GetType().Name, $"{what} cannot answer this question");

    private static string Format(Loss v) => v.Value.ToString("0.####", CultureInfo.InvariantCulture);
    // The constrained questions print one more digit (a target such as 1.93075 is often the optimum of another plan).
    private static string Precise(Loss v) => v.Value.ToString("0.#####", CultureInfo.InvariantCulture);
}
