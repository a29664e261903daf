using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Training FLOPs spent on each token (6N under C = 6ND; other conventions in Compute.FlopConvention).</summary>
[JsonConverter(typeof(QuantityJsonConverter<FlopsPerToken>))]
public readonly record struct FlopsPerToken(double Value) : IQuantity<FlopsPerToken>
{
    public static FlopsPerToken FromValue(double value) => new(value);
    public int CompareTo(FlopsPerToken other) => Value.CompareTo(other.Value);
    public override string ToString() => QuantityFormat.Scientific(Value);

    /// <summary>6N: forward 2N plus backward 4N per token (Kaplan et al. 2020; Hoffmann et al. 2022).</summary>
    public static FlopsPerToken SixN(Parameters n) => new(6 * n.Value);

    public static Flops operator *(FlopsPerToken f, Tokens d) => new(f.Value * d.Value);
    public static Flops operator *(Tokens d, FlopsPerToken f) => new(f.Value * d.Value);
    /// <summary>How many "N"s a token costs: 6 under C = 6ND.</summary>
    public static double operator /(FlopsPerToken f, Parameters n) => f.Value / n.Value;
    public static double operator /(FlopsPerToken a, FlopsPerToken b) => a.Value / b.Value;
}
