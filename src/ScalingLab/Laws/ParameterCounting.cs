using System.Text.Json.Serialization;

namespace ScalingLab.Laws;

/// <summary>
/// Which parameters a law's or a rule's N counts. Kaplan et al. 2020 count non-embedding
/// parameters; Hoffmann et al. 2022 and later count all of them. The two differ a lot at small
/// scale (Pearce and Song 2024), so every answer says which it used.
/// </summary>
public enum ParameterCounting
{
    [JsonStringEnumMemberName("total")] Total,
    [JsonStringEnumMemberName("non-embedding")] NonEmbedding,
}

public static class ParameterCountings
{
    /// <summary>"total" or "non-embedding", as catalogs and answers write it.</summary>
    public static string Name(this ParameterCounting c) => c == ParameterCounting.Total ? "total" : "non-embedding";
}
