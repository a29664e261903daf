namespace ScalingLab.Laws;

/// <summary>The published compute-only laws (Data/compute-laws.json): Cherti et al. 2023's CLIP fits.</summary>
public static class ComputeLawCatalog
{
    public const string DefaultName = "cherti2023-openclip-imagenet";

    private static readonly Lazy<IReadOnlyList<LawDefinition>> All =
        new(() => Data.EmbeddedJson.Load<List<LawDefinition>>("compute-laws.json"));

    public static IReadOnlyList<LawDefinition> Presets => All.Value;

    public static SaturatingLaw? Find(string name) =>
        Presets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)) is { } def
            ? SaturatingLaw.FromDefinition(def) : null;

    public static SaturatingLaw Default => Find(DefaultName)!;
}
