namespace ScalingLab.Compute;

/// <summary>
/// A shape with real-valued dimensions. Counting formulas are written once over this, so the
/// integer shapes the trainer builds and the continuous shape family the allocator moves
/// along use the same arithmetic.
/// </summary>
internal readonly record struct ShapeDims(
    double Layers, double DModel, double Heads, double HeadDim, double Ffn, double Vocab, double Context,
    bool Tied, bool LearnedPositions, int MlpMatrices, bool Biases)
{
    public double AttentionDim => Heads * HeadDim;

    public static ShapeDims Of(ModelShape s) => new(s.Layers, s.DModel, s.Heads, s.HeadDim, s.FfnDim, s.Vocab,
        s.Context, s.TiedEmbeddings, s.Positions == PositionKind.Learned, s.Mlp == MlpKind.SwiGlu ? 3 : 2, s.Biases);
}
