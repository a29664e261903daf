using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>The number format training runs its matrix multiplies in; each has its own dense peak.</summary>
public enum Precision { Bf16, Fp16, Fp8, Tf32, Fp32, Fp64 }

public static class Precisions
{
    public static IReadOnlyList<Precision> All { get; } = Enum.GetValues<Precision>();

    /// <summary>The key used in accelerators.json and on the command line: "bf16", "fp8".</summary>
    public static string Key(this Precision p) => p.ToString().ToLowerInvariant();

    public static Precision Parse(string text, string field = "precision")
    {
        foreach (var p in All)
            if (string.Equals(p.Key(), text?.Trim(), StringComparison.OrdinalIgnoreCase)) return p;
        throw new InputException(field, text ?? "", "expected one of " + string.Join(", ", All.Select(p => p.Key())));
    }
}
