using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// Muennighoff et al. 2023's diminishing returns of repetition: repeated tokens (and parameters
/// beyond what the unique data can use) count as an exponentially decaying "effective" amount,
/// D' = U + U R* (1 - exp(-R/R*)) with R the repetitions beyond the first pass. Constants come
/// from Data/repetition.json with their source.
/// </summary>
public sealed record Repetition(string Name, double RdStar, double RnStar, string BaseLaw, Source Source,
    string? Notes = null, double WarnEpochs = 4)
{
    private static readonly Lazy<IReadOnlyList<Repetition>> All =
        new(() => Data.EmbeddedJson.Load<List<Repetition>>("repetition.json"));

    public static IReadOnlyList<Repetition> Presets => All.Value;

    /// <summary>The C4 fit the paper publishes (R_D* = 15.387756, R_N* = 5.309743).</summary>
    public static Repetition Muennighoff2023 => Presets.Single(r => r.Name == "muennighoff2023");

    /// <summary>D' for D tokens drawn from U unique ones; below one epoch nothing is repeated, so D' = D.</summary>
    public Tokens EffectiveTokens(Tokens d, Tokens unique) => new(Effective(d.Value, unique.Value, RdStar));

    /// <summary>N' for N parameters when U_N is what the unique data can use (Eq. 6).</summary>
    public Parameters EffectiveParameters(Parameters n, Parameters uniqueN) => new(Effective(n.Value, uniqueN.Value, RnStar));

    /// <summary>What D' tends to with endless repetition: U (1 + R_D*), about 16.39 U.</summary>
    public Tokens TokenLimit(Tokens unique) => new(unique.Value * (1 + RdStar));

    /// <summary>What N' tends to with endlessly many excess parameters: U_N (1 + R_N*).</summary>
    public Parameters ParameterLimit(Parameters uniqueN) => new(uniqueN.Value * (1 + RnStar));

    internal static double Effective(double amount, double unique, double rStar)
    {
        if (amount <= unique) return amount;
        var r = amount / unique - 1;
        return unique + unique * rStar * (1 - Math.Exp(-r / rStar));
    }

    /// <summary>d ln X'/d ln X: 1 up to one epoch, then (X/X') exp(-R/R*), continuous at R = 0.</summary>
    internal static double Elasticity(double amount, double unique, double rStar)
    {
        if (amount <= unique) return 1;
        var r = amount / unique - 1;
        return amount * Math.Exp(-r / rStar) / Effective(amount, unique, rStar);
    }
}
