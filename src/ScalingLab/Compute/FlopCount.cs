namespace ScalingLab.Compute;

/// <summary>Training FLOPs per token of a <see cref="ModelShape"/> under each <see cref="FlopConvention"/>.</summary>
public static class FlopCount
{
    public static double PerToken(ModelShape s, FlopConvention convention) => PerToken(ShapeDims.Of(s), convention);

    /// <summary>Forward FLOPs for one sequence, term by term as in Hoffmann et al. App. F.</summary>
    public static double ForwardPerSequence(ModelShape s, bool withEmbeddings) =>
        ForwardPerSequence(ShapeDims.Of(s), withEmbeddings);

    internal static double PerToken(ShapeDims s, FlopConvention convention) => convention switch
    {
        FlopConvention.SixN => 6 * ParameterCount.Total(s),
        FlopConvention.Kaplan => 6 * ParameterCount.NonEmbedding(s) + 6.0 * s.Layers * s.Context * s.AttentionDim,
        FlopConvention.Exact => 3 * ForwardPerSequence(s, withEmbeddings: true) / s.Context,
        FlopConvention.ExactNonEmbedding => 3 * ForwardPerSequence(s, withEmbeddings: false) / s.Context,
        FlopConvention.DeepSeekM => 72.0 * s.Layers * s.DModel * s.DModel + 12.0 * s.Layers * s.DModel * s.Context,
        _ => throw new ArgumentOutOfRangeException(nameof(convention)),
    };

    // A gated MLP has three d×ffw matrices instead of two.
    internal static double ForwardPerSequence(ShapeDims s, bool withEmbeddings)
    {
        double seq = s.Context, d = s.DModel, kh = s.AttentionDim, h = s.Heads, f = s.Ffn, v = s.Vocab;
        var perLayer =
            2 * 3 * seq * d * kh               // Q, K, V projections
            + 2 * seq * seq * kh               // Q·K^T logits
            + 3 * h * seq * seq                // softmax
            + 2 * seq * seq * kh               // softmax @ V
            + 2 * seq * kh * d                 // output projection
            + 2 * seq * (s.MlpMatrices * d * f); // MLP
        var total = s.Layers * perLayer;
        if (withEmbeddings) total += 2 * seq * v * d + 2 * seq * d * v; // embeddings + final logits
        return total;
    }
}
