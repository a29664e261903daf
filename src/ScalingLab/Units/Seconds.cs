using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Wall-clock time: "36h", "14d".</summary>
[JsonConverter(typeof(QuantityJsonConverter<Seconds>))]
public readonly record struct Seconds(double Value) : IQuantity<Seconds>
{
    public static Seconds FromValue(double value) => new(value);
    public int CompareTo(Seconds other) => Value.CompareTo(other.Value);
    public override string ToString() => QuantityFormat.Duration(Value);

    public double Hours => Value / 3600;
    public double Days => Value / 86400;

    public static Seconds operator +(Seconds a, Seconds b) => new(a.Value + b.Value);
    public static Seconds operator *(Seconds a, double k) => new(a.Value * k);
    public static double operator /(Seconds a, Seconds b) => a.Value / b.Value;
    public static bool operator <(Seconds a, Seconds b) => a.Value < b.Value;
    public static bool operator >(Seconds a, Seconds b) => a.Value > b.Value;
    public static bool operator <=(Seconds a, Seconds b) => a.Value <= b.Value;
    public static bool operator >=(Seconds a, Seconds b) => a.Value >= b.Value;
}
