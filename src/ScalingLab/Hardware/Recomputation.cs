using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// Which activations are recomputed in the backward pass (Korthikanti et al. 2022): none; selective
/// (only the attention softmax/dropout block, the a·s/h term); full (everything but each layer's input).
/// </summary>
public enum Recomputation { None, Selective, Full }

public static class Recomputations
{
    public static string Key(this Recomputation r) => r.ToString().ToLowerInvariant();

    public static Recomputation Parse(string text, string field = "recompute")
    {
        foreach (var r in Enum.GetValues<Recomputation>())
            if (string.Equals(r.Key(), text?.Trim(), StringComparison.OrdinalIgnoreCase)) return r;
        throw new InputException(field, text ?? "", "expected none, selective or full");
    }
}
