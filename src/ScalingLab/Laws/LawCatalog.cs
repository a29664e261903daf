using System.Text.Json;
using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// The published laws (embedded Data/laws.json, each with its source) and laws loaded from
/// files. <see cref="Resolve"/> accepts a preset name or a path to a law JSON file.
/// </summary>
public static class LawCatalog
{
    public const string DefaultName = "besiroglu2024";

    private static readonly Lazy<IReadOnlyList<LawDefinition>> Definitions = new(LoadEmbedded);

    public static IReadOnlyList<LawDefinition> Presets => Definitions.Value;

    public static IScalingLaw Default => Get(DefaultName);

    public static IScalingLaw Get(string name)
    {
        var def = Presets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException("law", name, "expected a preset (" + string.Join(", ", Presets.Select(p => p.Name)) + ") or a law JSON file");
        return Create(def);
    }

    /// <summary>A preset name, or a path to a law file written by `fit --out` (or by hand).</summary>
    public static IScalingLaw Resolve(string nameOrPath, string field = "law")
    {
        if (string.IsNullOrWhiteSpace(nameOrPath))
            throw new InputException(field, nameOrPath ?? "", "expected a preset name or a law JSON file");
        if (Presets.Any(d => string.Equals(d.Name, nameOrPath, StringComparison.OrdinalIgnoreCase)))
            return Get(nameOrPath);
        if (File.Exists(nameOrPath)) return Load(nameOrPath, field);
        throw new InputException(field, nameOrPath,
            "expected a preset (" + string.Join(", ", Presets.Select(p => p.Name)) + ") or an existing law JSON file");
    }

    public static IScalingLaw Load(string path, string field = "law") => Create(ReadDefinition(path, field), field);

    /// <summary>A law file's definition, before its family decides what it becomes.</summary>
    public static LawDefinition ReadDefinition(string path, string field = "law")
    {
        var def = Serialization.JsonFile.Read<LawDefinition>(path, field, "a law");
        // "required" only means present: a member written as null is as missing as an absent one.
        if (def.Name is null || def.Family is null || def.Constants is null || def.Source is null)
            throw new InputException(field, path, "a law file needs name, family, constants and source (see a file written by `fit --out`)");
        return def;
    }

    /// <summary>Writes the law file through a temporary file renamed over <paramref name="path"/>, so a reader never sees half a law.</summary>
    public static void Save(LawDefinition def, string path) =>
        IO.OutputPath.WriteAllText(path, JsonSerializer.Serialize(def, Serialization.ScalingLabJson.Options) + Environment.NewLine);

    public static IScalingLaw Create(LawDefinition def, string field = "law")
    {
        var range = def.FitRange;
        switch (def.Family.ToLowerInvariant())
        {
            case ChinchillaLaw.FamilyName:
                double Get(string key)
                {
                    if (def.Constants.TryGetValue(key, out var v)) return Checked(key, v);
                    if (def.Constants.TryGetValue("log" + key, out var lv)) return Checked(key, Math.Exp(lv));
                    throw new InputException(field, def.Name, $"a chinchilla law needs constant '{key}' (or 'log{key}')");
                }
                double Checked(string key, double v) => double.IsFinite(v) && v > 0 ? v
                    : throw new InputException(field, def.Name, $"constant '{key}' = {v} must be a positive finite number");
                var intervals = def.Intervals?.Where(kv => kv.Value.Length == 2)
                    .ToDictionary(kv => kv.Key, kv => (kv.Value[0], kv.Value[1]));
                var samples = def.Samples?.Select((v, i) => v.Length == 5 && v.All(double.IsFinite) && v.All(t => t > 0)
                        ? new ChinchillaLaw($"{def.Name}#{i}", v[0], v[1], v[2], v[3], v[4], def.Source)
                        : throw new InputException(field, def.Name, $"samples[{i}] must be [E, A, B, alpha, beta], five positive numbers"))
                    .ToList();
                return LawChecks.Checked(new ChinchillaLaw(def.Name, Get("E"), Get("A"), Get("B"), Get("alpha"), Get("beta"),
                    def.Source, range, intervals, samples), field, def.Name);
            case KaplanLaw.FamilyName:
                return new KaplanLaw(def.Name, def.Constants, def.Source, range);
            default:
                throw new InputException(field, def.Family, "unknown law family; expected chinchilla or kaplan");
        }
    }

    private static IReadOnlyList<LawDefinition> LoadEmbedded() => Data.EmbeddedJson.Load<List<LawDefinition>>("laws.json");

    /// <summary>The Kaplan preset, for the frontier comparison every plan shows.</summary>
    public static KaplanLaw Kaplan => (KaplanLaw)Get("kaplan2020");
}
