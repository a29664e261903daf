using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScalingLab.Units;

/// <summary>
/// A quantity in JSON is its plain number (parameters 7e9, not {"value": 7e9}). A non-finite
/// quantity is an answer nobody can use: writing one is an error, never a silent null or a string.
/// </summary>
public sealed class QuantityJsonConverter<T> : JsonConverter<T> where T : struct, IQuantity<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.FromValue(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (!double.IsFinite(value.Value))
            throw new NonFiniteResultException(typeof(T).Name.ToLowerInvariant(), value.Value);
        writer.WriteNumberValue(value.Value);
    }
}

/// <summary>An answer (parameters, tokens, FLOPs, loss, ...) came out infinite or NaN: the inputs lie outside what the law can answer.</summary>
public sealed class NonFiniteResultException(string quantity, double value)
    : Exception($"the {quantity} came out as {value}: the inputs lie outside the range the law can answer")
{
    public string Quantity { get; } = quantity;
}
