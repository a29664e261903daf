using System.Text.Json.Serialization;
using ScalingLab.Hardware;
using ScalingLab.Units;
using ScalingLab.Vision;

namespace ScalingLab.Planning;

/// <summary>
/// What a plan was asked, parsed once by <see cref="From"/> from what the user fixed. Every later
/// stage reads the kind of question from its type; nothing downstream looks at which inputs were
/// given. A budget may come from hardware (accelerators x a clock, or money at a price).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ComputeOptimal), "computeOptimal")]
[JsonDerivedType(typeof(TokensForParameters), "tokensForParameters")]
[JsonDerivedType(typeof(ParametersForTokens), "parametersForTokens")]
[JsonDerivedType(typeof(ParametersOnBudget), "parametersOnBudget")]
[JsonDerivedType(typeof(TokensOnBudget), "tokensOnBudget")]
[JsonDerivedType(typeof(Point), "point")]
[JsonDerivedType(typeof(CheapestForLoss), "cheapestForLoss")]
[JsonDerivedType(typeof(TokensForLoss), "tokensForLoss")]
[JsonDerivedType(typeof(Vision), "vision")]
public abstract record PlanQuestion
{
    /// <summary>The compute-optimal (N, D) for a budget.</summary>
    public sealed record ComputeOptimal(Flops Budget) : PlanQuestion;
    /// <summary>A fixed size: the tokens (and budget) for which it is compute-optimal.</summary>
    public sealed record TokensForParameters(Parameters Parameters) : PlanQuestion;
    /// <summary>A fixed token count: the size (and budget) for which it is compute-optimal.</summary>
    public sealed record ParametersForTokens(Tokens Tokens) : PlanQuestion;
    /// <summary>A fixed size on a fixed budget: the tokens the budget buys.</summary>
    public sealed record ParametersOnBudget(Parameters Parameters, Flops Budget) : PlanQuestion;
    /// <summary>A fixed token count on a fixed budget: the largest model the budget affords.</summary>
    public sealed record TokensOnBudget(Tokens Tokens, Flops Budget) : PlanQuestion;
    /// <summary>Both fixed: the cost and the loss.</summary>
    public sealed record Point(Parameters Parameters, Tokens Tokens) : PlanQuestion;
    /// <summary>The cheapest (N, D) reaching a loss.</summary>
    public sealed record CheapestForLoss(Loss Target) : PlanQuestion;
    /// <summary>The tokens a model of a fixed size needs to reach a loss.</summary>
    public sealed record TokensForLoss(Loss Target, Parameters Parameters) : PlanQuestion;
    /// <summary>A vision run: images seen for a compute (total GMACs or training FLOPs) or a target error, with a ViT.</summary>
    public sealed record Vision(VitShape Shape, double? TotalGmacs = null, Flops? TrainingFlops = null, double? TargetError = null,
        double? DatasetImages = null, double? ImagesPerSecond = null) : PlanQuestion;

    /// <summary>
    /// The question a language plan's inputs ask: one of budget (or a hardware budget), parameters,
    /// tokens or target loss asks for the compute-optimal answer; two of budget/parameters/tokens pin
    /// the point; a target loss with a parameter count asks for the tokens that reach it at that size.
    /// </summary>
    public static PlanQuestion From(Flops? budget = null, Parameters? parameters = null, Tokens? tokens = null,
        Loss? targetLoss = null, HardwareRequest? hardware = null)
    {
        budget = HardwareBudget.Combine(budget, hardware);
        if (targetLoss is { } target)
        {
            if (budget is not null || tokens is not null)
                throw new InputException(nameof(targetLoss), target.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
                    $"combine it with {ParameterRef.To(nameof(parameters))} at most, not with {ParameterRef.To(nameof(budget))} or {ParameterRef.To(nameof(tokens))}");
            return parameters is { } pn ? new TokensForLoss(target, pn) : new CheapestForLoss(target);
        }
        return (budget, parameters, tokens) switch
        {
            ({ } c, null, null) => new ComputeOptimal(c),
            (null, { } n, null) => new TokensForParameters(n),
            (null, null, { } d) => new ParametersForTokens(d),
            ({ } c, { } n, null) => new ParametersOnBudget(n, c),
            ({ } c, null, { } d) => new TokensOnBudget(d, c),
            (null, { } n, { } d) => new Point(n, d),
            ({ } c, { }, { }) => throw new InputException(nameof(budget), c.ToString(),
                $"give at most two of {ParameterRef.To(nameof(budget))}, {ParameterRef.To(nameof(parameters))} and {ParameterRef.To(nameof(tokens))}"),
            _ => throw new InputException("question", "(nothing)",
                $"give one of {ParameterRef.To(nameof(budget))}, {ParameterRef.To(nameof(parameters))}, {ParameterRef.To(nameof(tokens))} or {ParameterRef.To(nameof(targetLoss))}"),
        };
    }

    /// <summary>The budget the question fixes, if it fixes one.</summary>
    [JsonIgnore]
    public Flops? FixedBudget => this switch
    {
        ComputeOptimal q => q.Budget,
        ParametersOnBudget q => q.Budget,
        TokensOnBudget q => q.Budget,
        _ => null,
    };
}
