namespace ScalingLab.Units;

// Quantities carry their unit in the type, so a budget can never be passed where a token
// count is expected. Parsing and printing live in QuantityParser and QuantityFormat.

/// <summary>Model parameters (a count).</summary>
public readonly record struct Parameters(double Value)
{
    public override string ToString() => QuantityFormat.Count(Value);
}

/// <summary>Training data, in tokens (or samples for vision).</summary>
public readonly record struct Tokens(double Value)
{
    public override string ToString() => QuantityFormat.Count(Value);
}

/// <summary>Floating-point operations (a count, not a rate).</summary>
public readonly record struct Flops(double Value)
{
    public const double PerPetaflopDay = 1e15 * 86400;
    public double PetaflopDays => Value / PerPetaflopDay;
    public override string ToString() => QuantityFormat.Scientific(Value);
}

/// <summary>Wall-clock time.</summary>
public readonly record struct Seconds(double Value)
{
    public override string ToString() => QuantityFormat.Duration(Value);
}

/// <summary>Money, in US dollars.</summary>
public readonly record struct Dollars(double Value)
{
    public override string ToString() => QuantityFormat.Money(Value);
}

/// <summary>Cross-entropy loss in nats per token.</summary>
public readonly record struct Loss(double Value)
{
    public override string ToString() => Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
}
