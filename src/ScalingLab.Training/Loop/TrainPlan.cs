using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>The shape and token count a run will use, and how they were chosen.</summary>
public sealed record TrainPlan(ModelShape Shape, Tokens Tokens, Flops Flops, string Basis);

/// <summary>
/// Turns `--budget` or `--params [--tokens]` into a concrete shape and token count with the same
/// allocator and shape search the planner uses. Training FLOPs are counted as 6·N·D with the real
/// parameter count of the chosen shape, so the run spends the budget it was given.
/// </summary>
public static class TrainPlanner
{
    // Tiny models come in coarse steps (width in multiples of 64), so accept the nearest shape.
    private const double ShapeTolerance = 0.5;

    public static TrainPlan ForBudget(Flops budget, int vocab, int context, IScalingLaw law)
    {
        var family = new ShapeFamily(vocab, context);
        var allocation = Allocator.ComputeOptimal(law, budget, FlopConvention.SixN, family);
        var shape = Shape(allocation.Parameters, vocab, context, "--budget");
        var n = ParameterCount.Total(shape);
        var tokens = new Tokens(budget.Value / (6 * n));
        return new TrainPlan(shape, tokens, budget,
            $"{law.Name}: compute-optimal N = {allocation.Parameters} for {budget}; nearest shape has {new Parameters(n)}, trained for C/(6N) tokens");
    }

    public static TrainPlan ForParameters(Parameters target, Tokens? tokens, int vocab, int context, IScalingLaw law)
    {
        var shape = Shape(target, vocab, context, "--params");
        var n = ParameterCount.Total(shape);
        if (tokens is { } d)
            return new TrainPlan(shape, d, new Flops(6 * n * d.Value), $"shape nearest {target}; tokens as given");
        var optimal = Allocator.ForParameters(law, new Parameters(n), FlopConvention.SixN, new ShapeFamily(vocab, context));
        return new TrainPlan(shape, optimal.Tokens, new Flops(6 * n * optimal.Tokens.Value),
            $"shape nearest {target}; {law.Name} compute-optimal tokens for {new Parameters(n)}");
    }

    private static ModelShape Shape(Parameters target, int vocab, int context, string field)
    {
        var proposal = ShapeSearch.Propose(new ShapeRequest(target, vocab, context, Tolerance: ShapeTolerance));
        if (!proposal.WithinTolerance)
            throw new InputException(field, target.ToString(),
                $"no shape within {ShapeTolerance:P0} of it for vocabulary {vocab} and context {context} (the nearest has {new Parameters(proposal.Parameters)}); " +
                "small models need a small vocabulary, such as --tokenizer byte in `data prepare`");
        return proposal.Shape;
    }
}
