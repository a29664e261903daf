using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>The loss of a Chinchilla-form law at one point, term by term: E + A/N^alpha + B/D^beta.</summary>
public sealed record LossTerms(double Irreducible, double ParameterTerm, double DataTerm);

/// <summary>Kaplan et al. 2020's separate views of the same point: L(N) and L(D) alone, and the early-stopping factor (App. B.2).</summary>
public sealed record KaplanViews(double LossOfParameters, double LossOfTokens, double EarlyStoppingFactor);

/// <summary>
/// What `predict` answers: the loss a law predicts for N parameters trained on D tokens, the FLOPs
/// (6ND), and the best loss the same FLOPs buy with the optimal split. With limited unique data,
/// the law sees effective amounts (N', D') instead (Muennighoff et al. 2023).
/// </summary>
public sealed record Prediction(
    [property: System.Text.Json.Serialization.JsonIgnore] IScalingLaw Law,
    Parameters Parameters,
    Tokens Tokens,
    Flops Flops,
    Loss Loss,
    [property: System.Text.Json.Serialization.JsonIgnore] Allocation.Allocation Best,
    LossTerms? Terms,
    [property: System.Text.Json.Serialization.JsonIgnore] KaplanViews? Kaplan,
    [property: System.Text.Json.Serialization.JsonIgnore] DataConstrainedAllocation? Repeated)
{
    [System.Text.Json.Serialization.JsonPropertyName("law"), System.Text.Json.Serialization.JsonPropertyOrder(-1)] public string LawName => Law.Name;
    public Loss OptimalLossAtSameFlops => Best.Loss;
    public Parameters OptimalParameters => Best.Parameters;
    public Tokens OptimalTokens => Best.Tokens;
    public double? LossOfParameters => Kaplan?.LossOfParameters;
    public double? LossOfTokens => Kaplan?.LossOfTokens;
    public double? EarlyStoppingFactor => Kaplan?.EarlyStoppingFactor;
    public Tokens? UniqueTokens => Repeated?.UniqueTokens;
    public double? Epochs => Repeated?.Epochs;
    public Tokens? EffectiveTokens => Repeated?.EffectiveTokens;
    public Parameters? EffectiveParameters => Repeated?.EffectiveParameters;
    public Parameters? UniqueParameters => Repeated?.UniqueParameters;
    /// <summary>The loss the same (N, D) would reach on fresh data (only with limited unique data).</summary>
    public Loss? LossFreshData => Repeated is null ? null : Law.Loss(Parameters, Tokens);

    public static Prediction Of(IScalingLaw law, Parameters n, Tokens d, Tokens? unique = null)
    {
        Planning.UsableRange.Check(n, d);
        var repeated = unique is { } u ? DataConstrainedAllocator.AtPoint(law, u, n, d) : null;
        // With repetition the law sees effective amounts.
        var (nEff, dEff) = repeated is null ? (n, d) : (repeated.EffectiveParameters, repeated.EffectiveTokens);
        var flops = Flops.Of(n, d);
        var terms = law is ChinchillaLaw c
            ? new LossTerms(c.E, c.A / Math.Pow(nEff.Value, c.Alpha), c.B / Math.Pow(dEff.Value, c.Beta)) : null;
        var kaplan = law is KaplanLaw k ? new KaplanViews(k.LossOfParameters(n), k.LossOfTokens(d), k.EarlyStoppingFactor) : null;
        return new Prediction(law, n, d, flops, law.Loss(nEff, dEff), Allocator.ComputeOptimal(law, flops), terms, kaplan, repeated);
    }
}
