using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScalingLab.Serialization;

/// <summary>
/// The JSON settings every file and every `--json` answer uses: camelCase names (read
/// case-insensitively), enums as camelCase strings, quantities as plain numbers, readable formulas
/// ("E + A/N^alpha", not "\u002B"), indented. A plain number that is not finite (a diagnostic such
/// as an infinite Hessian condition) is written as null: JSON has no Infinity. Answers are typed
/// quantities, which refuse to be written non-finite (<see cref="Units.NonFiniteResultException"/>).
/// </summary>
public static class ScalingLabJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>One object per line (metrics.jsonl and the like).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>
    /// Internal state files a run writes for itself (checkpoint loop state), where +Infinity means
    /// "no value yet" and must come back as +Infinity: named literals instead of null.
    /// </summary>
    public static JsonSerializerOptions State { get; } = new(Create(indented: true))
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            WriteIndented = indented,
            // Absent is absent: an optional part of an answer that does not apply is left out, not written as null.
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // Law, hardware and sweep files are edited by hand: tolerate comments and trailing commas.
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new FiniteOrNullConverter() },
        };
        return o;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
