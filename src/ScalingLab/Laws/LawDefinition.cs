using System.Text.Json.Serialization;

namespace ScalingLab.Laws;

/// <summary>
/// A law as data: the catalog entries and the files `fit --out` writes share this schema, so a
/// fitted law is a file `plan --law` accepts. Chinchilla-form constants may be given as
/// E/A/B or, unrounded, as logE/logA/logB. Family "saturating" (a compute-only law,
/// E = a (C + d)^-b + c) adds computeUnit and metric.
/// </summary>
public sealed record LawDefinition
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("family")] public required string Family { get; init; }
    [JsonPropertyName("constants")] public required Dictionary<string, double> Constants { get; init; }
    [JsonPropertyName("source")] public required Source Source { get; init; }
    [JsonPropertyName("fitRange")] public FitRange? FitRange { get; init; }
    [JsonPropertyName("intervals")] public Dictionary<string, double[]>? Intervals { get; init; }
    /// <summary>Bootstrap samples, each [E, A, B, alpha, beta], written by `fit --bootstrap` so plans can show intervals.</summary>
    [JsonPropertyName("samples")] public double[][]? Samples { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    /// <summary>Compute-only laws (family saturating): gmacs (total GMACs) or flops (training FLOPs).</summary>
    [JsonPropertyName("computeUnit")] public ComputeUnit? ComputeUnit { get; init; }
    /// <summary>Compute-only laws: what the law predicts (e.g. "ImageNet zero-shot top-1 error").</summary>
    [JsonPropertyName("metric")] public string? Metric { get; init; }
}
