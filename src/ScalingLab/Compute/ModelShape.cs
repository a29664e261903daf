namespace ScalingLab.Compute;

/// <summary>Feed-forward block: two matrices with GELU, or three with a gated unit (SwiGLU).</summary>
public enum MlpKind { Gelu, SwiGlu }

/// <summary>Where positions come from: learned absolute embeddings (GPT-2) or rotary (no parameters).</summary>
public enum PositionKind { Learned, Rotary }

/// <summary>
/// A decoder-only transformer's shape. The planner, the FLOP counter and the trainer all use
/// this one record, so a trained model's parameter count equals the count printed here.
/// </summary>
public sealed record ModelShape(
    int Layers,
    int DModel,
    int Heads,
    int HeadDim,
    [property: System.Text.Json.Serialization.JsonPropertyName("ffn")] int FfnDim,
    int Vocab,
    int Context,
    bool TiedEmbeddings = true,
    PositionKind Positions = PositionKind.Learned,
    MlpKind Mlp = MlpKind.Gelu,
    bool Biases = true)
{
    /// <summary>Attention width h·k (equals d_model in the usual shapes, not always: Table A4).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public int AttentionDim => Heads * HeadDim;

    /// <summary>Checks every field; throws <see cref="Units.InputException"/> naming the first bad one.</summary>
    public ModelShape Validated()
    {
        Units.InputChecks.Range(Layers, "layers", 1, 100_000);
        Units.InputChecks.Range(DModel, "dModel", 1, 1_000_000);
        Units.InputChecks.Range(Heads, "heads", 1, 100_000);
        Units.InputChecks.Range(HeadDim, "headDim", 1, 100_000);
        Units.InputChecks.Range(FfnDim, "ffnDim", 1, 10_000_000);
        Units.InputChecks.Range(Vocab, "vocab", 1, 100_000_000);
        Units.InputChecks.Range(Context, "context", 1, 100_000_000);
        return this;
    }
}
