using Microsoft.ML.Tokenizers;

namespace ScalingLab.Training.Text;

/// <summary>GPT-2 and cl100k byte-pair encodings from Microsoft.ML.Tokenizers and its data packages.</summary>
public sealed class TiktokenTextTokenizer : ITextTokenizer
{
    private readonly TiktokenTokenizer _tokenizer;

    private TiktokenTextTokenizer(string name, TiktokenTokenizer tokenizer, int vocabSize)
    {
        Name = name;
        _tokenizer = tokenizer;
        VocabSize = vocabSize;
        // The library does not expose its rank table; its special tokens are the highest ids and must fit.
        if (tokenizer.SpecialTokens is { Count: > 0 } special && special.Values.Max() >= vocabSize)
            throw new InvalidOperationException($"{name}: special token id {special.Values.Max()} is outside the vocabulary {vocabSize}");
    }

    public static TiktokenTextTokenizer Gpt2(int vocabSize) => new("gpt2", TiktokenTokenizer.CreateForModel("gpt2"), vocabSize);
    public static TiktokenTextTokenizer Cl100k(int vocabSize) => new("cl100k", TiktokenTokenizer.CreateForEncoding("cl100k_base"), vocabSize);

    public string Name { get; }
    public int VocabSize { get; }
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);
    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids);
}
