namespace ScalingLab.Compute;

/// <summary>
/// How training FLOPs per token are counted. A convention is a value: every answer says
/// which one it used, because the same run is 0.99x to 1.67x "6N" depending on the choice.
/// </summary>
public enum FlopConvention
{
    /// <summary>C = 6·N·D with N the total parameter count (Hoffmann et al. 2022).</summary>
    SixN,
    /// <summary>Kaplan et al. 2020: 6·N_nonemb + 6·L·ctx·d_attn (forward 2N + 2·L·ctx·d, training 3x).</summary>
    Kaplan,
    /// <summary>Hoffmann et al. 2022 App. F: embeddings, attention, softmax, logits; backward = 2x forward.</summary>
    Exact,
    /// <summary>App. F without the embedding and final-logit terms: how Table A4 was actually computed.</summary>
    ExactNonEmbedding,
    /// <summary>DeepSeek LLM 2024's M = 72·L·d² + 12·L·d·l_seq (non-embedding FLOPs per token).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("deepseekM")] DeepSeekM,
}

public static class FlopConventions
{
    /// <summary>The camelCase names used on the command line and in JSON.</summary>
    public static string Name(this FlopConvention c) => c switch
    {
        FlopConvention.SixN => "sixN",
        FlopConvention.Kaplan => "kaplan",
        FlopConvention.Exact => "exact",
        FlopConvention.ExactNonEmbedding => "exactNonEmbedding",
        FlopConvention.DeepSeekM => "deepseekM",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static string Describe(this FlopConvention c) => c switch
    {
        FlopConvention.SixN => "6N per token, N = total parameters (Hoffmann et al. 2022)",
        FlopConvention.Kaplan => "6N_nonemb + 6·L·ctx·d per token (Kaplan et al. 2020, Sec. 2.1)",
        FlopConvention.Exact => "exact count with embeddings and logits, backward = 2x forward (Hoffmann et al. 2022, App. F)",
        FlopConvention.ExactNonEmbedding => "App. F count without embeddings and logits (as Hoffmann et al. Table A4 computes it)",
        FlopConvention.DeepSeekM => "M = 72·L·d² + 12·L·d·l_seq per token (DeepSeek LLM 2024, Sec. 3.2)",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static IReadOnlyList<FlopConvention> All { get; } = Enum.GetValues<FlopConvention>();

    public static FlopConvention Parse(string text, string field = "convention")
    {
        foreach (var c in All)
            if (string.Equals(c.Name(), text, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(c.ToString(), text, StringComparison.OrdinalIgnoreCase))
                return c;
        throw new Units.InputException(field, text, "expected one of " + string.Join(", ", All.Select(Name)));
    }
}
