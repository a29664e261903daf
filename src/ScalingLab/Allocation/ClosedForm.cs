using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>
/// Hoffmann et al. 2022 (Sec. 3.3, App. D.2): under C = 6ND the Chinchilla form has the exact
/// optimum N_opt = G (C/6)^a, D_opt = (1/G) (C/6)^b, G = (alpha A/(beta B))^(1/(alpha+beta)).
/// </summary>
public static class ClosedForm
{
    public static Allocation ComputeOptimal(ChinchillaLaw law, Flops budget)
    {
        var n = law.G * Math.Pow(budget.Value / 6, law.ParameterExponent);
        var d = Math.Pow(budget.Value / 6, law.TokenExponent) / law.G;
        return new Allocation(new(n), new(d), budget, FlopConvention.SixN,
            law.Loss(new(n), new(d)), AllocationMethod.ClosedForm);
    }

    /// <summary>The budget at which N is compute-optimal: C = 6 (N/G)^(1/a).</summary>
    public static Flops BudgetForParameters(ChinchillaLaw law, Parameters n) =>
        new(6 * Math.Pow(n.Value / law.G, 1 / law.ParameterExponent));

    /// <summary>The budget at which D is compute-optimal: C = 6 (G D)^(1/b).</summary>
    public static Flops BudgetForTokens(ChinchillaLaw law, Tokens d) =>
        new(6 * Math.Pow(law.G * d.Value, 1 / law.TokenExponent));
}
