using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Model parameters (a count): "7B" is 7e9.</summary>
[JsonConverter(typeof(QuantityJsonConverter<Parameters>))]
public readonly record struct Parameters(double Value) : IQuantity<Parameters>
{
    public static Parameters FromValue(double value) => new(value);
    public int CompareTo(Parameters other) => Value.CompareTo(other.Value);
    public override string ToString() => QuantityFormat.Count(Value);

    public static double operator /(Parameters a, Parameters b) => a.Value / b.Value;
    public static Parameters operator *(Parameters a, double k) => new(a.Value * k);
    public static bool operator <(Parameters a, Parameters b) => a.Value < b.Value;
    public static bool operator >(Parameters a, Parameters b) => a.Value > b.Value;
    public static bool operator <=(Parameters a, Parameters b) => a.Value <= b.Value;
    public static bool operator >=(Parameters a, Parameters b) => a.Value >= b.Value;
}
