using System.Text.Json;
using System.Text.Json.Nodes;
using ScalingLab.Laws;

namespace ScalingLab.Cli.Rendering;

/// <summary>JSON output for scripts: camelCase keys, plain numbers (no formatting), indented.</summary>
public static class JsonOutput
{
    // Relaxed escaping: formulas such as "E + A/N^alpha" stay readable ('+' is not written as \u002B).
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter w, JsonNode node) => w.WriteLine(node.ToJsonString(Options));

    public static JsonObject Source(Source s) => new()
    {
        ["paper"] = s.Paper, ["where"] = s.Where, ["year"] = s.Year, ["arxiv"] = s.Arxiv,
    };

    public static JsonObject Law(IScalingLaw law)
    {
        var constants = new JsonObject();
        foreach (var (k, v) in law.Constants) constants[k] = v;
        return new JsonObject
        {
            ["name"] = law.Name, ["family"] = law.Family, ["form"] = law.Form,
            ["parameterCounting"] = law.ParameterCounting, ["constants"] = constants, ["source"] = Source(law.Source),
        };
    }
}
