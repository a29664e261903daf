using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// A base law evaluated at effective parameters and effective data (Muennighoff et al. 2023,
/// Eq. 7): L(N, D) = base(N', D'). U_N, the size the unique data can use, is the base law's
/// compute-optimal size for U_D tokens; the allocation layer supplies it.
/// </summary>
public sealed record DataConstrainedLaw(IScalingLaw Base, Tokens UniqueTokens, Parameters UniqueParameters, Repetition Repetition)
    : IScalingLaw
{
    public const string FamilyName = "data-constrained";
    public string Name => $"{Base.Name} + {Repetition.Name} repetition";
    public string Family => FamilyName;
    public string Form => $"{Base.Form} at N', D' with D' = U_D + U_D R_D* (1 - exp(-R_D/R_D*)), N' likewise with R_N*";
    public Source Source => Repetition.Source;
    public FitRange? Range => Base.Range;
    public string ParameterCounting => Base.ParameterCounting;

    public IReadOnlyDictionary<string, double> Constants =>
        new Dictionary<string, double>(Base.Constants)
        {
            ["RDStar"] = Repetition.RdStar, ["RNStar"] = Repetition.RnStar,
            ["uniqueTokens"] = UniqueTokens.Value, ["uniqueParameters"] = UniqueParameters.Value,
        };

    /// <summary>The loss with unlimited compute on this unique data: base(U_N (1+R_N*), U_D (1+R_D*)).</summary>
    public double IrreducibleLoss => Base.Loss(Repetition.ParameterLimit(UniqueParameters), Repetition.TokenLimit(UniqueTokens));

    public Parameters EffectiveParameters(Parameters n) => Repetition.EffectiveParameters(n, UniqueParameters);
    public Tokens EffectiveTokens(Tokens d) => Repetition.EffectiveTokens(d, UniqueTokens);
    public double Epochs(Tokens d) => d.Value / UniqueTokens.Value;

    public double Loss(Parameters n, Tokens d) => Base.Loss(EffectiveParameters(n), EffectiveTokens(d));

    public (double DLnN, double DLnD) LogGradient(Parameters n, Tokens d)
    {
        var (gn, gd) = Base.LogGradient(EffectiveParameters(n), EffectiveTokens(d));
        return (gn * Repetition.Elasticity(n.Value, UniqueParameters.Value, Repetition.RnStar),
                gd * Repetition.Elasticity(d.Value, UniqueTokens.Value, Repetition.RdStar));
    }
}
