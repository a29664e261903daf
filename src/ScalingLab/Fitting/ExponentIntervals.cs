using System.Text.Json.Serialization;
using ScalingLab.Allocation;

namespace ScalingLab.Fitting;

/// <summary>Intervals of the frontier's exponents, N* ∝ C^a and D* ∝ C^b ([low, high] in JSON).</summary>
public sealed record ExponentIntervals(
    [property: JsonPropertyName("a")] Interval ParameterExponent,
    [property: JsonPropertyName("b")] Interval TokenExponent);
