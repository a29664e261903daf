using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// Muennighoff et al. 2023's data-constrained law (Eq. 7): the Chinchilla form evaluated at
/// effective parameters and effective data, L(N, D) = E + A/N'^alpha + B/D'^beta. The run uses
/// U_D = min(D, U) unique tokens; U_N = min(N_opt(U_D), N) is the size those tokens can use,
/// with N_opt the base law's compute-optimal size for a token count, G (G D)^(a/b).
/// </summary>
public sealed record DataConstrainedLaw(ChinchillaLaw Base, Tokens UniqueTokens, Repetition Repetition) : IScalingLaw
{
    public const string FamilyName = "data-constrained";
    public string Name => $"{Base.Name} + {Repetition.Name} repetition";
    public string Family => FamilyName;
    public string Form => "L = E + A/N'^alpha + B/D'^beta, D' = U_D + U_D R_D* (1 - exp(-R_D/R_D*)), N' likewise with U_N, R_N*";
    public Source Source => Repetition.Source;
    public FitRange? Range => Base.Range;
    public ParameterCounting ParameterCounting => Base.ParameterCounting;

    public IReadOnlyDictionary<string, double> Constants =>
        new Dictionary<string, double>(Base.Constants)
        {
            ["RDStar"] = Repetition.RdStar, ["RNStar"] = Repetition.RnStar, ["uniqueTokens"] = UniqueTokens.Value,
        };

    /// <summary>U_N when all the unique tokens are used: the base law's optimal size for U tokens (0.051 U for the C4 fit).</summary>
    public Parameters UniqueParameters => new(OptimalParameters(UniqueTokens.Value));

    /// <summary>U_N for a run of D tokens: the optimal size for the min(D, U) unique tokens it sees.</summary>
    public Parameters UniqueParametersFor(Tokens d) => new(OptimalParameters(Math.Min(d.Value, UniqueTokens.Value)));

    /// <summary>The loss with unlimited compute on this unique data: base(U_N (1+R_N*), U_D (1+R_D*)).</summary>
    public double IrreducibleLoss => Base.Loss(Repetition.ParameterLimit(UniqueParameters), Repetition.TokenLimit(UniqueTokens)).Value;

    public Parameters EffectiveParameters(Parameters n, Tokens d) => Repetition.EffectiveParameters(n, UniqueParametersFor(d));
    public Tokens EffectiveTokens(Tokens d) => Repetition.EffectiveTokens(d, UniqueTokens);
    public double Epochs(Tokens d) => d.Value / UniqueTokens.Value;

    public Loss Loss(Parameters n, Tokens d) => Base.Loss(EffectiveParameters(n, d), EffectiveTokens(d));

    /// <summary>
    /// Analytic: ∂L/∂ln N = g_N' e_N and ∂L/∂ln D = g_D' e_D + g_N' (1 - e_N)(a/b) while D &lt; U (U_N grows
    /// with the tokens seen, d ln U_N/d ln D = a/b, and d ln N'/d ln U_N = 1 - e_N), with e the
    /// elasticities of the effective amounts.
    /// </summary>
    public (double DLnN, double DLnD) LogGradient(Parameters n, Tokens d)
    {
        var un = UniqueParametersFor(d).Value;
        var (gn, gd) = Base.LogGradient(EffectiveParameters(n, d), EffectiveTokens(d));
        var eN = Repetition.Elasticity(n.Value, un, Repetition.RnStar);
        var eD = Repetition.Elasticity(d.Value, UniqueTokens.Value, Repetition.RdStar);
        var viaUniqueParameters = d.Value < UniqueTokens.Value ? gn * (1 - eN) * Base.ParameterExponent / Base.TokenExponent : 0;
        return (gn * eN, gd * eD + viaUniqueParameters);
    }

    // N_opt(D) = G (G D)^(a/b): the closed form's N at the budget where D is optimal.
    private double OptimalParameters(double tokens) =>
        Base.G * Math.Pow(Base.G * tokens, Base.ParameterExponent / Base.TokenExponent);
}
