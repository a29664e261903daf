using System.Globalization;
using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// The range ScalingLab answers in: models from 1K to 1e16 parameters (the allocator's search range),
/// 1 to 1e30 tokens, budgets from 1e6 to 1e40 FLOPs. An answer outside it, or not finite, is not an
/// answer: the question that led there is refused, naming what the user fixed and the usable range,
/// instead of printing Infinity, NaN or a 300-digit figure.
/// </summary>
public static class UsableRange
{
    public const double MinTokens = 1, MaxTokens = 1e30;
    public const double MinFlops = 1e6, MaxFlops = 1e40;

    public static readonly string Description =
        $"ScalingLab answers for models of {new Parameters(Allocator.MinParameters)} to {QuantityFormat.Scientific(Allocator.MaxParameters)} parameters, " +
        $"{MinTokens:0} to {QuantityFormat.Scientific(MaxTokens)} tokens and budgets of {QuantityFormat.Scientific(MinFlops)} to {QuantityFormat.Scientific(MaxFlops)} FLOPs";

    /// <summary>The allocation, or an error blaming the question when N, D, C or the loss is outside the range or not finite.</summary>
    public static Allocation.Allocation Check(PlanQuestion question, Allocation.Allocation a)
    {
        var problem =
            Outside(a.Parameters.Value, Allocator.MinParameters, Allocator.MaxParameters) ? $"a model of {Count(a.Parameters.Value)} parameters"
            : Outside(a.Tokens.Value, MinTokens, MaxTokens) ? $"{Count(a.Tokens.Value)} tokens"
            : Outside(a.Flops.Value, MinFlops, MaxFlops) ? $"{Show(a.Flops.Value)} FLOPs"
            : !double.IsFinite(a.Loss.Value) ? $"a loss of {Show(a.Loss.Value)}"
            : null;
        if (problem is null) return a;
        var (parameter, value) = Fixed(question);
        throw new InputException(parameter, value, $"it asks for {problem}; {Description}");
    }

    /// <summary>A point (N, D) the user gave directly, checked before anything is computed from it.</summary>
    public static void Check(Parameters n, Tokens d)
    {
        if (Outside(n.Value, Allocator.MinParameters, Allocator.MaxParameters))
            throw new InputException("parameters", Count(n.Value), Description);
        if (Outside(d.Value, MinTokens, MaxTokens))
            throw new InputException("tokens", Count(d.Value), Description);
        if (Outside(Flops.Of(n, d).Value, MinFlops, MaxFlops))
            throw new InputException("tokens", Count(d.Value), $"{Count(n.Value)} parameters on them would take {Show(Flops.Of(n, d).Value)} FLOPs; {Description}");
    }

    /// <summary>A size typed by the user (<paramref name="text"/> on <paramref name="field"/>), refused outside the range before anything is computed from it.</summary>
    public static Parameters Within(Parameters n, string field, string text) =>
        Outside(n.Value, Allocator.MinParameters, Allocator.MaxParameters) ? throw new InputException(field, text, Description) : n;

    /// <summary>A token count typed by the user, refused outside 1 to 1e30.</summary>
    public static Tokens Within(Tokens d, string field, string text) =>
        Outside(d.Value, MinTokens, MaxTokens) ? throw new InputException(field, text, Description) : d;

    /// <summary>A budget typed by the user, refused outside 1e6 to 1e40 FLOPs.</summary>
    public static Flops Within(Flops c, string field, string text) =>
        Outside(c.Value, MinFlops, MaxFlops) ? throw new InputException(field, text, Description) : c;

    private static bool Outside(double v, double lo, double hi) => !(v >= lo && v <= hi);

    private static string Count(double v) => double.IsFinite(v) ? QuantityFormat.Count(v) : v.ToString(CultureInfo.InvariantCulture);

    private static string Show(double v) => double.IsFinite(v) ? QuantityFormat.Scientific(v) : v.ToString(CultureInfo.InvariantCulture);

    // What the user fixed, to blame: the budget, the size, the tokens or the target.
    private static (string Parameter, string Value) Fixed(PlanQuestion q) => q switch
    {
        PlanQuestion.ComputeOptimal c => ("budget", c.Budget.ToString()),
        PlanQuestion.TokensForParameters p => ("parameters", p.Parameters.ToString()),
        PlanQuestion.ParametersForTokens t => ("tokens", t.Tokens.ToString()),
        PlanQuestion.ParametersOnBudget p => ("parameters", p.Parameters.ToString()),
        PlanQuestion.TokensOnBudget t => ("tokens", t.Tokens.ToString()),
        PlanQuestion.Point p => ("parameters", p.Parameters.ToString()),
        PlanQuestion.CheapestForLoss l => ("targetLoss", l.Target.ToString()),
        PlanQuestion.TokensForLoss l => ("targetLoss", l.Target.ToString()),
        _ => ("question", q.GetType().Name),
    };
}
