using System.Text.Json;
using ScalingLab.Units;

namespace ScalingLab.Training.Text;

/// <summary>A tokeniser's published vocabulary size (embedded Data/tokenizers.json, with its source).</summary>
public sealed record TokenizerInfo(string Name, int VocabSize, string Source);

/// <summary>The tokenisers a dataset can be prepared with, by name.</summary>
public static class TokenizerCatalog
{
    private sealed record File(IReadOnlyList<TokenizerInfo> Tokenizers);

    public static readonly IReadOnlyList<TokenizerInfo> All = Load();

    public static IReadOnlyList<string> Names => All.Select(t => t.Name).ToList();

    public static TokenizerInfo Info(string name, string field = "tokenizer") =>
        All.FirstOrDefault(t => t.Name == Normalise(name))
        ?? throw new InputException(field, name, "expected one of " + string.Join(", ", Names));

    public static ITextTokenizer Create(string name, string field = "tokenizer")
    {
        var info = Info(name, field);
        return info.Name switch
        {
            "byte" => new ByteTokenizer(),
            "gpt2" => TiktokenTextTokenizer.Gpt2(info.VocabSize),
            _ => TiktokenTextTokenizer.Cl100k(info.VocabSize),
        };
    }

    private static string Normalise(string name) => name.ToLowerInvariant() switch
    {
        "cl100k_base" => "cl100k",
        var n => n,
    };

    private static IReadOnlyList<TokenizerInfo> Load()
    {
        using var s = typeof(TokenizerCatalog).Assembly.GetManifestResourceStream("ScalingLab.Training.Data.tokenizers.json")!;
        return JsonSerializer.Deserialize<File>(s, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!.Tokenizers;
    }
}
