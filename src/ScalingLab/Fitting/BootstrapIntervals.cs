using System.Text.Json.Serialization;
using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// Central bootstrap intervals ([low, high] in JSON) for the constants of L = E + A/N^α + B/D^β,
/// the exponents a = β/(α+β) and b = α/(α+β) of N_opt ∝ C^a and D_opt ∝ C^b, and the
/// compute-optimal allocation at the bootstrap's budget (each resample's closed form, so the
/// correlation of A with α and B with β is kept).
/// </summary>
public sealed record BootstrapIntervals(
    [property: JsonPropertyName("E")] Interval E,
    [property: JsonPropertyName("A")] Interval A,
    [property: JsonPropertyName("B")] Interval B,
    Interval Alpha, Interval Beta,
    [property: JsonPropertyName("a")] Interval ParameterExponent,
    [property: JsonPropertyName("b")] Interval TokenExponent,
    Interval NOpt, Interval DOpt, Interval Loss, Interval TokensPerParameter)
{
    public static BootstrapIntervals Of(IReadOnlyList<ChinchillaLaw> laws, Flops budget, double confidence)
    {
        var opt = laws.Select(l => ClosedForm.ComputeOptimal(l, budget)).ToArray();
        Interval Of(IEnumerable<double> v) => Interval.Central(v, confidence);
        return new BootstrapIntervals(
            Of(laws.Select(l => l.E)), Of(laws.Select(l => l.A)), Of(laws.Select(l => l.B)),
            Of(laws.Select(l => l.Alpha)), Of(laws.Select(l => l.Beta)),
            Of(laws.Select(l => l.ParameterExponent)), Of(laws.Select(l => l.TokenExponent)),
            Of(opt.Select(x => x.Parameters.Value)), Of(opt.Select(x => x.Tokens.Value)),
            Of(opt.Select(x => x.Loss.Value)), Of(opt.Select(x => x.TokensPerParameter)));
    }

    /// <summary>The constants' intervals as a law file stores them (keys E, A, B, alpha, beta).</summary>
    public Dictionary<string, double[]> Constants() => new()
    {
        ["E"] = E.ToArray(), ["A"] = A.ToArray(), ["B"] = B.ToArray(), ["alpha"] = Alpha.ToArray(), ["beta"] = Beta.ToArray(),
    };
}
