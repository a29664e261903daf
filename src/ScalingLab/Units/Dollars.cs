using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Money, in US dollars: "$1.2M".</summary>
[JsonConverter(typeof(QuantityJsonConverter<Dollars>))]
public readonly record struct Dollars(double Value) : IQuantity<Dollars>
{
    public static Dollars FromValue(double value) => new(value);
    public int CompareTo(Dollars other) => Value.CompareTo(other.Value);
    public override string ToString() => QuantityFormat.Money(Value);

    public static Dollars operator +(Dollars a, Dollars b) => new(a.Value + b.Value);
    public static Dollars operator -(Dollars a, Dollars b) => new(a.Value - b.Value);
    public static Dollars operator *(Dollars a, double k) => new(a.Value * k);
    public static double operator /(Dollars a, Dollars b) => a.Value / b.Value;
    public static bool operator <(Dollars a, Dollars b) => a.Value < b.Value;
    public static bool operator >(Dollars a, Dollars b) => a.Value > b.Value;
    public static bool operator <=(Dollars a, Dollars b) => a.Value <= b.Value;
    public static bool operator >=(Dollars a, Dollars b) => a.Value >= b.Value;
}
