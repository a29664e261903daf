using System.Globalization;
using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Cross-entropy loss in nats per token.</summary>
[JsonConverter(typeof(QuantityJsonConverter<Loss>))]
public readonly record struct Loss(double Value) : IQuantity<Loss>
{
    public static Loss FromValue(double value) => new(value);
    public int CompareTo(Loss other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>The gap between two losses (nats per token).</summary>
    public static double operator -(Loss a, Loss b) => a.Value - b.Value;
    public static Loss operator +(Loss a, double gap) => new(a.Value + gap);
    public static bool operator <(Loss a, Loss b) => a.Value < b.Value;
    public static bool operator >(Loss a, Loss b) => a.Value > b.Value;
    public static bool operator <=(Loss a, Loss b) => a.Value <= b.Value;
    public static bool operator >=(Loss a, Loss b) => a.Value >= b.Value;
}
