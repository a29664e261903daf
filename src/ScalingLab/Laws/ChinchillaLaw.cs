using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// Hoffmann et al. 2022's parametric form L(N, D) = E + A/N^alpha + B/D^beta, with N the total
/// parameter count and D training tokens. <c>Samples</c> are bootstrap draws of the whole law,
/// when a fit stored them (plans turn them into intervals).
/// </summary>
public sealed record ChinchillaLaw(
    string Name, double E, double A, double B, double Alpha, double Beta, Source Source,
    FitRange? Range = null, IReadOnlyDictionary<string, (double Low, double High)>? Intervals = null,
    IReadOnlyList<ChinchillaLaw>? Samples = null) : IScalingLaw
{

    public const string FamilyName = "chinchilla";
    public string Family => FamilyName;
    public string Form => "L = E + A/N^alpha + B/D^beta";
    public ParameterCounting ParameterCounting => ParameterCounting.Total;
    public double IrreducibleLoss => E;

    public IReadOnlyDictionary<string, double> Constants => new Dictionary<string, double>
    {
        ["E"] = E, ["A"] = A, ["B"] = B, ["alpha"] = Alpha, ["beta"] = Beta,
    };

    public Loss Loss(Parameters n, Tokens d) => new(E + A / Math.Pow(n.Value, Alpha) + B / Math.Pow(d.Value, Beta));

    public (double DLnN, double DLnD) LogGradient(Parameters n, Tokens d) =>
        (-Alpha * A / Math.Pow(n.Value, Alpha), -Beta * B / Math.Pow(d.Value, Beta));

    /// <summary>N_opt ∝ C^a with a = beta/(alpha+beta) under C = 6ND.</summary>
    public double ParameterExponent => Beta / (Alpha + Beta);
    /// <summary>D_opt ∝ C^b with b = alpha/(alpha+beta).</summary>
    public double TokenExponent => Alpha / (Alpha + Beta);
    /// <summary>G = (alpha A / (beta B))^(1/(alpha+beta)), the closed form's prefactor.</summary>
    public double G => Math.Pow(Alpha * A / (Beta * B), 1 / (Alpha + Beta));
}
