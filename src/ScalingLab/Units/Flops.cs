using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>Floating-point operations (a count, not a rate): "3.2e23", "120 PF-days".</summary>
[JsonConverter(typeof(QuantityJsonConverter<Flops>))]
public readonly record struct Flops(double Value) : IQuantity<Flops>
{
    public const double PerPetaflopDay = 1e15 * 86400;

    public static Flops FromValue(double value) => new(value);
    public int CompareTo(Flops other) => Value.CompareTo(other.Value);
    public override string ToString() => QuantityFormat.Scientific(Value);

    public double PetaflopDays => Value / PerPetaflopDay;

    /// <summary>C = 6·N·D, the budget identity of Hoffmann et al. 2022 (N total parameters).</summary>
    public static Flops Of(Parameters n, Tokens d) => FlopsPerToken.SixN(n) * d;

    /// <summary>The tokens a budget buys at a cost per token.</summary>
    public static Tokens operator /(Flops c, FlopsPerToken f) => new(c.Value / f.Value);
    /// <summary>The cost per token that spends the budget on these tokens.</summary>
    public static FlopsPerToken operator /(Flops c, Tokens d) => new(c.Value / d.Value);
    public static double operator /(Flops a, Flops b) => a.Value / b.Value;
    public static Flops operator *(Flops c, double k) => new(c.Value * k);
    public static Flops operator +(Flops a, Flops b) => new(a.Value + b.Value);
    public static Flops operator -(Flops a, Flops b) => new(a.Value - b.Value);
    public static bool operator <(Flops a, Flops b) => a.Value < b.Value;
    public static bool operator >(Flops a, Flops b) => a.Value > b.Value;
    public static bool operator <=(Flops a, Flops b) => a.Value <= b.Value;
    public static bool operator >=(Flops a, Flops b) => a.Value >= b.Value;
}
