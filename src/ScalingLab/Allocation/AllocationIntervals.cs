using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>A central interval of a quantity over a law's bootstrap samples; [low, high] in JSON.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(IntervalJsonConverter))]
public readonly record struct Interval(double Low, double High)
{
    /// <summary>
    /// The central <paramref name="confidence"/> interval by linear interpolation between order
    /// statistics (NumPy's default percentile rule, as Besiroglu et al. 2024's analysis uses).
    /// </summary>
    public static Interval Central(IEnumerable<double> values, double confidence = 0.95)
    {
        var sorted = values.Where(double.IsFinite).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN);
        var tail = (1 - confidence) / 2;
        return new(Quantile(sorted, tail), Quantile(sorted, 1 - tail));
    }

    private static double Quantile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public double[] ToArray() => [Low, High];
}

/// <summary>
/// Uncertainty of an allocation from a law's bootstrap samples, each a full (E, A, B, α, β):
/// the compute-optimal N and D at the budget C = 6ND under every sample's closed form, and every
/// sample's loss at the given (N, D). Evaluating whole samples keeps the strong correlation of
/// A with α and B with β; combining the constants' separate intervals would not, and would give
/// intervals orders of magnitude too wide.
/// </summary>
public sealed record AllocationIntervals(Interval Parameters, Interval Tokens, Interval TokensPerParameter, Interval Loss, int Samples, double Confidence)
{
    public static AllocationIntervals? For(ChinchillaLaw law, Parameters n, Tokens d, double confidence = 0.95)
    {
        if (law.Samples is not { Count: > 0 } samples) return null;
        var budget = Flops.Of(n, d);
        var opt = samples.Select(s => ClosedForm.ComputeOptimal(s, budget)).ToArray();
        return new AllocationIntervals(
            Interval.Central(opt.Select(a => a.Parameters.Value), confidence),
            Interval.Central(opt.Select(a => a.Tokens.Value), confidence),
            Interval.Central(opt.Select(a => a.TokensPerParameter), confidence),
            Interval.Central(samples.Select(s => s.Loss(n, d).Value), confidence),
            samples.Count, confidence);
    }
}

/// <summary>An interval is written as the two-element array [low, high] (null for a bound that is not finite).</summary>
public sealed class IntervalJsonConverter : System.Text.Json.Serialization.JsonConverter<Interval>
{
    public override Interval Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var v = System.Text.Json.JsonSerializer.Deserialize<double[]>(ref reader, options);
        return v is { Length: 2 } ? new Interval(v[0], v[1])
            : throw new System.Text.Json.JsonException("an interval is an array [low, high]");
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, Interval value, System.Text.Json.JsonSerializerOptions options) =>
        System.Text.Json.JsonSerializer.Serialize(writer, value.ToArray(), options);
}
