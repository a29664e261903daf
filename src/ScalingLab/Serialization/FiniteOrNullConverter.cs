using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScalingLab.Serialization;

/// <summary>
/// Plain doubles: finite values as numbers, NaN and infinities as null (JSON has no Infinity, and
/// System.Text.Json would otherwise throw). Reads null back as NaN. Records whose diagnostics can be
/// non-finite say why in a note beside them.
/// </summary>
public sealed class FiniteOrNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return double.NaN;
        if (reader.TokenType == JsonTokenType.String &&
            (options.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0)
            return double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return reader.GetDouble();
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else if ((options.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0)
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
