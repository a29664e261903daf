namespace ScalingLab.Units;

/// <summary>
/// A number with a unit in its type. Each quantity converts to and from JSON as a plain number
/// (<see cref="QuantityJsonConverter{T}"/>), parses and prints through <see cref="QuantityParser"/>
/// and <see cref="QuantityFormat"/>, and checks user input with <see cref="Quantity.Positive{T}"/>.
/// </summary>
public interface IQuantity<TSelf> : IComparable<TSelf> where TSelf : struct, IQuantity<TSelf>
{
    double Value { get; }
    static abstract TSelf FromValue(double value);
}

/// <summary>Validating factories shared by every quantity.</summary>
public static class Quantity
{
    /// <summary>The value as a <typeparamref name="T"/>, or an <see cref="InputException"/> naming <paramref name="parameter"/> unless it is positive and finite.</summary>
    public static T Positive<T>(double value, string parameter, string allowed) where T : struct, IQuantity<T> =>
        value > 0 && double.IsFinite(value) ? T.FromValue(value)
            : throw new InputException(parameter, QuantityFormat.Raw(value), allowed);

    /// <summary>As <see cref="Positive{T}"/>, but zero is allowed.</summary>
    public static T NonNegative<T>(double value, string parameter, string allowed) where T : struct, IQuantity<T> =>
        value >= 0 && double.IsFinite(value) ? T.FromValue(value)
            : throw new InputException(parameter, QuantityFormat.Raw(value), allowed);

    public static bool IsFinite<T>(this T q) where T : struct, IQuantity<T> => double.IsFinite(q.Value);
}
