using System.Text.Json.Serialization;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Vision;

/// <summary>A published ViT size (width, depth, MLP, heads, patch) with its source.</summary>
public sealed record VitPreset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("mlp")] int Mlp,
    [property: JsonPropertyName("heads")] int Heads,
    [property: JsonPropertyName("patch")] int Patch,
    [property: JsonPropertyName("source")] Source Source)
{
    public VitShape At(int resolution, int classes = 1000) =>
        new VitShape(resolution, Patch, Width, Depth, Mlp, Heads, classes, Name: "ViT-" + Name).Validated();
}

/// <summary>The ViT sizes in Data/vit-shapes.json (ViT-Ti to ViT-G and SoViT-400m).</summary>
public static class VitCatalog
{
    private static readonly Lazy<IReadOnlyList<VitPreset>> All = new(() => Data.EmbeddedJson.Load<List<VitPreset>>("vit-shapes.json"));

    public static IReadOnlyList<VitPreset> Presets => All.Value;

    /// <summary>"B/16", "ViT-B/16" or "vit-b/16".</summary>
    public static VitPreset Get(string name, string field = "vit")
    {
        var key = name.StartsWith("vit-", StringComparison.OrdinalIgnoreCase) ? name[4..] : name;
        return Presets.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException(field, name, "expected one of " + string.Join(", ", Presets.Select(p => p.Name)));
    }
}
