using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>Builds a <see cref="Plan"/> from a <see cref="PlanRequest"/>: allocation, shape, comparison, warnings.</summary>
public static class Planner
{
    // Beyond this multiple of the largest fitted budget or model, say the plan extrapolates.
    private const double ExtrapolationWarningFactor = 10;

    public static Plan Plan(PlanRequest r)
    {
        r = HardwarePlanning.WithBudget(r);
        var family = new ShapeFamily(r.Vocab, r.Context, r.AspectRatio);
        var constrained = BeyondChinchilla.Allocate(r);
        var (question, allocation) = constrained is null ? Allocate(r, family) : (constrained.Question, constrained.Allocation);
        var shape = ShapeSearch.Propose(new ShapeRequest(allocation.Parameters, r.Vocab, r.Context, r.AspectRatio));
        var exact = FlopCount.PerToken(shape.Shape, FlopConvention.Exact);
        var kaplan = KaplanComparison.For(r.Law, allocation.Flops);
        var plan = BeyondChinchilla.Complete(r, new Plan(question, r.Law, allocation, shape, exact, kaplan,
            Assumptions(r), Warnings(r, allocation, shape)), constrained);
        if (r.Hardware is null) return plan;
        var hw = HardwarePlanning.Estimate(r, plan);
        return plan with { Hardware = hw, Assumptions = [.. plan.Assumptions, .. hw.Assumptions], Warnings = [.. plan.Warnings, .. hw.Warnings] };
    }

    private static (string, Allocation.Allocation) Allocate(PlanRequest r, ShapeFamily f)
    {
        var (law, conv) = (r.Law, r.Convention);
        if (r.TargetLoss is { } target)
        {
            if (r.Budget is not null || r.Tokens is not null)
                throw new InputException("--target-loss", Format(target), "combine it with --params at most, not with --budget or --tokens");
            if (r.Parameters is { } pn) return ($"tokens to reach loss {Format(target)} with {pn} parameters", TokensForLoss(law, pn, target, conv, f));
            return ($"cheapest model reaching loss {Format(target)}", Allocator.ForTargetLoss(law, target, conv, f));
        }
        return (r.Budget, r.Parameters, r.Tokens) switch
        {
            ({ } c, null, null) => ($"compute-optimal for a budget of {c} FLOPs", Allocator.ComputeOptimal(law, c, conv, f)),
            (null, { } n, null) => ($"compute-optimal tokens for {n} parameters", Allocator.ForParameters(law, n, conv, f)),
            (null, null, { } d) => ($"compute-optimal size for {d} tokens", Allocator.ForTokens(law, d, conv, f)),
            ({ } c, { } n, null) => ($"{n} parameters on a budget of {c} FLOPs", Allocator.ForParametersAndBudget(law, n, c, conv, f)),
            ({ } c, null, { } d) => ($"{d} tokens on a budget of {c} FLOPs", Allocator.ForTokensAndBudget(law, d, c, conv, f)),
            (null, { } n, { } d) => ($"{n} parameters on {d} tokens", Allocator.AtPoint(law, n, d, conv, f)),
            ({ }, { }, { }) => throw new InputException("--budget", r.Budget.ToString()!, "give at most two of --budget, --params and --tokens"),
            _ => throw new InputException("plan", "(nothing)", "give one of --budget, --params, --tokens or --target-loss"),
        };
    }

    private static Allocation.Allocation TokensForLoss(IScalingLaw law, Parameters n, double target, FlopConvention conv, ShapeFamily f)
    {
        var floor = law.Loss(n, new Tokens(1e30));
        if (target <= floor)
            throw new InputException("--target-loss", Format(target),
                $"a {n}-parameter model cannot reach it under {law.Name} (its loss floor is {floor:0.####}); expected a larger loss or more parameters");
        var lnD = MathNet.Numerics.RootFinding.Brent.FindRoot(x => target - law.Loss(n, new Tokens(Math.Exp(x))),
            Math.Log(1), Math.Log(1e30), 1e-12, 300);
        return Allocator.AtPoint(law, n, new Tokens(Math.Exp(lnD)), conv, f);
    }

    private static IReadOnlyList<Assumption> Assumptions(PlanRequest r) =>
    [
        new($"law {r.Law.Name}: {r.Law.Form}", r.Law.Source.ToString()),
        new($"FLOPs counted as {r.Convention.Name()}: {r.Convention.Describe()}", "ScalingLab convention"),
        new($"N counts {r.Law.ParameterCounting} parameters", r.Law.Source.ToString()),
        new($"shape search: width/depth ≈ {r.AspectRatio:0}, MLP 4d, head size 64/128, vocab {r.Vocab}, context {r.Context}",
            "Kaplan et al. 2020 Fig. 5 (loss flat for d/L 20-200)"),
    ];

    private static IReadOnlyList<Warning> Warnings(PlanRequest r, Allocation.Allocation a, ShapeProposal shape)
    {
        var w = new List<Warning>();
        if (r.Law.Range is { } range)
        {
            if (range.MaxFlops is { } maxC && a.Flops.Value > ExtrapolationWarningFactor * maxC)
                w.Add(new("extrapolation", $"the budget is {a.Flops.Value / maxC:0}x the largest budget {r.Law.Name} was fitted on ({new Flops(maxC)}); the loss and allocation are extrapolations"));
            else if (range.MaxParameters is { } maxN && a.Parameters.Value > ExtrapolationWarningFactor * maxN)
                w.Add(new("extrapolation", $"the model is {a.Parameters.Value / maxN:0}x the largest model {r.Law.Name} was fitted on ({new Parameters(maxN)})"));
            if (range.MinParameters is { } minN && a.Parameters.Value < minN / ExtrapolationWarningFactor)
                w.Add(new("extrapolation", $"the model is far below the smallest model {r.Law.Name} was fitted on ({new Parameters(minN)})"));
        }
        if (a.OnSearchEdge)
            w.Add(new("search-edge", $"the optimum lies on the edge of the search range ({new Parameters(Allocator.MinParameters)} to {new Parameters(Allocator.MaxParameters)} parameters)"));
        if (!shape.WithinTolerance)
            w.Add(new("shape", $"no shape within 5% of {a.Parameters} parameters at vocab {r.Vocab}; the closest has {new Parameters(shape.Parameters)} ({shape.RelativeError:+0.0%;-0.0%})"));
        if (r.Law.Family == KaplanLaw.FamilyName)
            w.Add(new("law-units", "kaplan2020 measures loss on WebText2 with GPT-2's tokeniser and counts non-embedding parameters; its losses are not comparable with the Chinchilla-form laws"));
        return w;
    }

    private static string Format(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
