using System.Text.Json;
using System.Text.Json.Serialization;
using ScalingLab.Serialization;

namespace ScalingLab.Cli.Rendering;

/// <summary>
/// `--json`: the result record serialised with the library's one set of JSON options (camelCase,
/// enums as strings, quantities as numbers, non-finite diagnostics as null), with library
/// parameter references in messages shown as this command's flags.
/// </summary>
public static class JsonOutput
{
    public static void Write<T>(CliContext ctx, T value)
    {
        // Answers are only written: names that differ by case alone (a fit's A and a, B and b) must not collide,
        // as they would under the case-insensitive matching that reading files needs.
        var options = new JsonSerializerOptions(ScalingLabJson.Options) { PropertyNameCaseInsensitive = false };
        options.Converters.Add(new FlagStrings(ctx.Flags));
        // The runtime type: a PlanResult is a Plan or a VisionPlan, each with its own members.
        ctx.Out.WriteLine(JsonSerializer.Serialize(value, value?.GetType() ?? typeof(T), options));
    }

    private sealed class FlagStrings(Flags flags) : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();
        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(flags.Expand(value));
    }
}
