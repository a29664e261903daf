using System.Text.Json;
using ScalingLab.Laws;

namespace ScalingLab.Data;

/// <summary>Reads the catalogs embedded from Data/*.json with the same JSON options as the law files.</summary>
internal static class EmbeddedJson
{
    public static T Load<T>(string fileName)
    {
        using var stream = typeof(EmbeddedJson).Assembly.GetManifestResourceStream("ScalingLab.Data." + fileName)
            ?? throw new InvalidOperationException($"embedded {fileName} missing from the build");
        return JsonSerializer.Deserialize<T>(stream, LawCatalog.Json)
            ?? throw new InvalidOperationException($"embedded {fileName} is empty");
    }
}
