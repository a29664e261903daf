using System.Text;
using System.Text.Json;
using ScalingLab.Units;

namespace ScalingLab.Serialization;

/// <summary>
/// Reads a JSON file the user (or an earlier run) wrote into a record, with every way it can be
/// wrong reported as bad input naming the parameter and the file: missing, unreadable, empty, not
/// UTF-8 JSON, cut short, or a value of the wrong type at a given place (line and JSON path), never
/// a .NET exception's text.
/// </summary>
public static class JsonFile
{
    public static T Read<T>(string path, string parameter, string what) where T : class
    {
        if (Directory.Exists(path)) throw new InputException(parameter, path, $"expected {what} file, found a folder");
        if (!File.Exists(path)) throw new InputException(parameter, path, $"expected an existing {what} file");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(parameter, path, $"the {what} file cannot be read ({e.GetType().Name.Replace("Exception", "")})");
        }
        return Parse<T>(bytes, path, parameter, what);
    }

    public static T Parse<T>(byte[] bytes, string source, string parameter, string what) where T : class
    {
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            throw new InputException(parameter, source, $"the {what} file is empty");
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ScalingLabJson.Options)
                ?? throw new InputException(parameter, source, $"the {what} file holds null, not {what} object");
        }
        catch (JsonException e)
        {
            throw new InputException(parameter, source, $"the {what} file is not valid: {Describe(e)}");
        }
        catch (Exception e) when (e is DecoderFallbackException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new InputException(parameter, source, $"the {what} file is not valid JSON ({e.GetType().Name.Replace("Exception", "")})");
        }
    }

    /// <summary>"line 3, at $.accelerators[0].memoryGB: a value of the wrong type or out of range", or where the text stops being JSON.</summary>
    public static string Describe(JsonException e)
    {
        var where = e.LineNumber is { } line ? $"line {line + 1}" : "somewhere";
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $", at {e.Path}";
        var kind = e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "a value of the wrong type or out of range"
            : e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("incomplete", StringComparison.OrdinalIgnoreCase)
                ? "the file stops in the middle (truncated?)"
                : "not well-formed JSON";
        return $"{where}{path}: {kind}";
    }
}
