using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// N and D from a published allocation rule for a budget. A rule predicts no loss; the plan shows
/// what a loss law (the reference) says of the rule's point and of its own optimum at the same budget.
/// </summary>
/// <param name="Rule">The rule, with its constants and source.</param>
/// <param name="FlopsPerTokenM">DeepSeek's model scale M when the rule gives M rather than N or D.</param>
/// <param name="ReferenceLaw">The loss law that judges the rule's point (the rule predicts no loss).</param>
/// <param name="ReferenceLossAtRulePoint">The reference law's loss at the rule's (N, D).</param>
/// <param name="ReferenceOptimum">The reference law's own compute-optimal allocation at the same budget.</param>
public sealed record RuleAllocation(AllocationRule Rule, double? FlopsPerTokenM,
    [property: System.Text.Json.Serialization.JsonIgnore] IScalingLaw ReferenceLaw,
    Loss ReferenceLossAtRulePoint, Allocation.Allocation ReferenceOptimum)
{
    [System.Text.Json.Serialization.JsonPropertyName("referenceLaw")] public string ReferenceLawName => ReferenceLaw.Name;
    public string Kind => "allocationRule";
    public string Form => Rule.Form;

    public static (Allocation.Allocation Allocation, RuleAllocation Rule) For(AllocationRule rule, Flops budget, IScalingLaw reference, ShapeFamily family)
    {
        var x = rule.Evaluate(budget);
        double n, d; double? m = null;
        switch (rule.Variable)
        {
            case RuleVariable.Parameters: n = x; d = budget.Value / (6 * n); break;
            case RuleVariable.Tokens: d = x; n = budget.Value / (6 * d); break;
            case RuleVariable.FlopsPerToken:
                m = x; d = budget.Value / x; n = ParametersForM(x, family); break;
            default: throw new InputException("law", rule.Name, $"unknown rule variable '{rule.Variable}'; expected parameters, tokens or flopsPerToken");
        }
        var pn = new Parameters(n);
        var td = new Tokens(d);
        var loss = reference.Loss(pn, td);
        var allocation = new Allocation.Allocation(pn, td, budget, FlopConvention.SixN, loss, Allocation.AllocationMethod.Rule);
        return (allocation, new RuleAllocation(rule, m, reference, loss, Allocation.Allocator.ComputeOptimal(reference, budget)));
    }

    /// <summary>The total parameter count whose DeepSeek M (non-embedding FLOPs per token) is m.</summary>
    private static double ParametersForM(double m, ShapeFamily family)
    {
        var lnN = Allocation.RootFinder.Increasing(x => Math.Log(family.FlopsPerToken(Math.Exp(x), FlopConvention.DeepSeekM)) - Math.Log(m),
            Math.Log(Allocation.Allocator.MinParameters), Math.Log(Allocation.Allocator.MaxParameters))
            ?? throw new InputException("budget", QuantityFormat.Scientific(m), "the rule's M is outside the shapes ScalingLab can build");
        return Math.Exp(lnN);
    }
}
