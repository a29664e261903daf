using System.Text.Json;

namespace ScalingLab.Data;

/// <summary>Reads the catalogs embedded from Data/*.json (by default with the same JSON options as the law files).</summary>
internal static class EmbeddedJson
{
    public static T Load<T>(string fileName, JsonSerializerOptions? options = null)
    {
        using var stream = typeof(EmbeddedJson).Assembly.GetManifestResourceStream("ScalingLab.Data." + fileName)
            ?? throw new InvalidOperationException($"embedded {fileName} missing from the build");
        return JsonSerializer.Deserialize<T>(stream, options ?? Serialization.ScalingLabJson.Options)
            ?? throw new InvalidOperationException($"embedded {fileName} is empty");
    }
}
