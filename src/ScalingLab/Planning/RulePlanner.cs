using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>A plan from an allocation rule: a budget, and the shape and schedule settings.</summary>
public sealed record RulePlanRequest(AllocationRule Rule, Flops Budget, IScalingLaw ReferenceLaw,
    int Vocab = 32000, int Context = 2048, double AspectRatio = ShapeSearch.DefaultAspectRatio, ScheduleRequest? Schedule = null);

/// <summary>
/// N and D from a published allocation rule. Such a rule predicts no loss, so the plan carries none
/// of its own; it shows instead what a loss law (the reference) says of the rule's point and of its
/// own optimum at the same budget.
/// </summary>
public sealed record RulePlan(
    string Question,
    AllocationRule Rule,
    Parameters Parameters,
    Tokens Tokens,
    Flops Flops,
    double? FlopsPerTokenM,
    ShapeProposal Shape,
    TrainingSchedule Schedule,
    IScalingLaw ReferenceLaw,
    Loss ReferenceLossAtRulePoint,
    Allocation.Allocation ReferenceOptimum,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<Warning> Warnings)
{
    public double TokensPerParameter => Tokens.Value / Parameters.Value;
}

public static class RulePlanner
{
    public static RulePlan Plan(RulePlanRequest r)
    {
        var c = r.Budget;
        var x = r.Rule.Evaluate(c);
        double n, d; double? m = null;
        switch (r.Rule.Variable)
        {
            case AllocationRule.Parameters: n = x; d = c.Value / (6 * n); break;
            case AllocationRule.Tokens: d = x; n = c.Value / (6 * d); break;
            case AllocationRule.FlopsPerToken:
                m = x; d = c.Value / x; n = ParametersForM(x, new ShapeFamily(r.Vocab, r.Context, r.AspectRatio)); break;
            default: throw new InputException("--law", r.Rule.Name, $"unknown rule variable '{r.Rule.Variable}'; expected parameters, tokens or flopsPerToken");
        }
        var pn = new Parameters(n);
        var td = new Tokens(d);
        var shape = ShapeSearch.Propose(new ShapeRequest(pn, r.Vocab, r.Context, r.AspectRatio));
        var schedule = Scheduler.For(shape.Shape, td, r.Schedule);
        var assumptions = new List<Assumption>
        {
            new($"rule {r.Rule.Name}: {r.Rule.Form}", r.Rule.Source.ToString()),
            new(r.Rule.Variable switch
            {
                AllocationRule.FlopsPerToken => $"D = C / M; N is the total size whose DeepSeek M at context {r.Context} equals M_opt",
                AllocationRule.Tokens => "N = C / (6 D)",
                _ => "D = C / (6 N)",
            }, "budget identity"),
            new($"N counts {r.Rule.ParameterCounting} parameters", r.Rule.Source.ToString()),
            new($"learning rate and batch from {schedule.Rule.Name}; {schedule.Kind.Name()} decay over all {schedule.Steps:N0} steps", schedule.Rule.Source.ToString()),
        };
        var warnings = new List<Warning>
        {
            new("no-loss", $"{r.Rule.Name} is an allocation rule: it gives N and D, not a loss; the loss shown is {r.ReferenceLaw.Name}'s prediction at this point"),
        };
        if (r.Rule.Notes is { } notes && notes.Contains("do not reproduce", StringComparison.Ordinal))
            warnings.Add(new("rule-constants", notes));
        return new RulePlan($"{r.Rule.Name} allocation for a budget of {c} FLOPs", r.Rule, pn, td, c, m, shape, schedule,
            r.ReferenceLaw, new(r.ReferenceLaw.Loss(pn, td)), Allocator.ComputeOptimal(r.ReferenceLaw, c), assumptions, warnings);
    }

    /// <summary>The total parameter count whose DeepSeek M (non-embedding FLOPs per token) is m.</summary>
    private static double ParametersForM(double m, ShapeFamily family)
    {
        var lnN = RootFinder.Increasing(x => Math.Log(family.FlopsPerToken(Math.Exp(x), FlopConvention.DeepSeekM)) - Math.Log(m),
            Math.Log(Allocator.MinParameters), Math.Log(Allocator.MaxParameters))
            ?? throw new InputException("--budget", QuantityFormat.Scientific(m), "the rule's M is outside the shapes ScalingLab can build");
        return Math.Exp(lnN);
    }
}
