using ScalingLab.Units;

namespace ScalingLab.Training.Model;

/// <summary>
/// Arithmetic of the matrix products. Bf16 keeps float32 master weights and optimizer state and
/// casts weights and inputs to bfloat16 inside each linear layer (TorchSharp has no autocast;
/// measured 2-6% slower than pure bf16 with f32 optimizer state: docs/torchsharp.md).
/// </summary>
public enum Precision { F32, Bf16 }

public static class Precisions
{
    public static Precision Parse(string text, string field = "precision") => text.ToLowerInvariant() switch
    {
        "f32" or "fp32" or "float32" => Precision.F32,
        "bf16" or "bfloat16" => Precision.Bf16,
        _ => throw new InputException(field, text, "expected f32 or bf16"),
    };

    public static string Name(this Precision p) => p == Precision.F32 ? "f32" : "bf16";
}
