using System.Text.Json.Serialization;
using ScalingLab.Laws;

namespace ScalingLab.Fitting;

/// <summary>
/// The result of Approach 3: the constants, the objective reached, and how the search went.
/// X holds the optimiser's parameters (a, b, e, α, β) = (ln A, ln B, ln E, α, β). In JSON (fit's
/// `approach3`) the constants keep the paper's capitals (E, A, B) and the exponents of the
/// compute-optimal frontier N_opt ∝ C^a, D_opt ∝ C^b are <c>a</c> and <c>b</c>.
/// </summary>
public sealed record ParametricFitResult(
    [property: JsonIgnore] double[] X, double Objective, int Points, FitStatus Status, [property: JsonIgnore] LbfgsResult Best,
    [property: JsonIgnore] int BestStart, int Starts, int ConvergedStarts, int StartsAtOptimum, long Evaluations, string ObjectivePath,
    ParametricDiagnostics Diagnostics)
{
    [JsonPropertyName("E"), JsonPropertyOrder(-10)] public double E => Math.Exp(X[HuberLseObjective.E]);
    [JsonPropertyName("A"), JsonPropertyOrder(-10)] public double A => Math.Exp(X[HuberLseObjective.A]);
    [JsonPropertyName("B"), JsonPropertyOrder(-10)] public double B => Math.Exp(X[HuberLseObjective.B]);
    [JsonPropertyOrder(-10)] public double Alpha => X[HuberLseObjective.Alpha];
    [JsonPropertyOrder(-10)] public double Beta => X[HuberLseObjective.Beta];
    [JsonPropertyOrder(-9)] public double LogE => X[HuberLseObjective.E];
    [JsonPropertyOrder(-9)] public double LogA => X[HuberLseObjective.A];
    [JsonPropertyOrder(-9)] public double LogB => X[HuberLseObjective.B];
    /// <summary>a = β/(α+β): N_opt ∝ C^a.</summary>
    [JsonPropertyName("a"), JsonPropertyOrder(-8)] public double ParameterExponent => Beta / (Alpha + Beta);
    /// <summary>b = α/(α+β): D_opt ∝ C^b.</summary>
    [JsonPropertyName("b"), JsonPropertyOrder(-8)] public double TokenExponent => Alpha / (Alpha + Beta);

    /// <summary>How the best run stopped, in the words of <see cref="ParametricDiagnostics.Name"/>.</summary>
    public string StopReason => ParametricDiagnostics.Name(Best.Status);
    public double GradientNorm => Best.GradientNorm;

    /// <summary>How the minimum was searched for.</summary>
    [JsonPropertyOrder(-7)] public ParametricMethod Method { get; init; } = ParametricMethod.Grid;
    /// <summary>The Huber δ the objective used.</summary>
    public double HuberDelta { get; init; } = 1e-3;
    /// <summary>Wall time of the search.</summary>
    public double Seconds { get; init; }
    /// <summary>The bootstrap of this fit, when one was asked for; its intervals are shown beside the constants.</summary>
    public BootstrapResult? Bootstrap { get; init; }
    public BootstrapIntervals? Intervals => Bootstrap?.Intervals;

    public ChinchillaLaw ToLaw(string name, Source source, FitRange? range = null,
        IReadOnlyDictionary<string, (double Low, double High)>? intervals = null) =>
        new(name, E, A, B, Alpha, Beta, source, range, intervals);
}
