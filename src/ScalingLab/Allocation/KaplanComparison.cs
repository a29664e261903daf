using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>
/// What Kaplan et al. 2020's compute-efficient frontier (Table 6) would pick for the same budget:
/// N from the frontier, and the tokens the budget then buys under 6ND. The loss is the chosen
/// law's prediction at that point, so the cost of the 2020 advice is visible in the same units.
/// </summary>
public sealed record KaplanComparison(Parameters Parameters, Tokens Tokens, Tokens FrontierTokens, Loss LossUnderLaw)
{
    public double TokensPerParameter => Tokens.Value / Parameters.Value;

    public static KaplanComparison For(IScalingLaw law, Flops budget, KaplanLaw? kaplan = null)
    {
        kaplan ??= LawCatalog.Kaplan;
        var point = kaplan.Frontier(budget);
        var tokens = new Tokens(budget.Value / (6 * point.Parameters.Value));
        return new KaplanComparison(point.Parameters, tokens, point.Tokens, law.Loss(point.Parameters, tokens));
    }
}
