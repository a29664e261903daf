using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Training data, in tokens (or samples for vision): "1.4T" is 1.4e12.</summary>
[JsonConverter(typeof(QuantityJsonConverter<Tokens>))]
public readonly record struct Tokens(double Value) : IQuantity<Tokens>
{
    public static Tokens FromValue(double value) => new(value);
    public int CompareTo(Tokens other) => Value.CompareTo(other.Value);
    public override string ToString() => QuantityFormat.Count(Value);

    /// <summary>Tokens per parameter.</summary>
    public static double operator /(Tokens d, Parameters n) => d.Value / n.Value;
    public static double operator /(Tokens a, Tokens b) => a.Value / b.Value;
    public static Tokens operator *(Tokens d, double k) => new(d.Value * k);
    public static Tokens operator +(Tokens a, Tokens b) => new(a.Value + b.Value);
    public static bool operator <(Tokens a, Tokens b) => a.Value < b.Value;
    public static bool operator >(Tokens a, Tokens b) => a.Value > b.Value;
    public static bool operator <=(Tokens a, Tokens b) => a.Value <= b.Value;
    public static bool operator >=(Tokens a, Tokens b) => a.Value >= b.Value;
}
