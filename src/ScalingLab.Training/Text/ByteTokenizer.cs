using System.Text;

namespace ScalingLab.Training.Text;

/// <summary>One token per UTF-8 byte: a 256-entry vocabulary that keeps tiny models' embeddings small.</summary>
public sealed class ByteTokenizer : ITextTokenizer
{
    public string Name => "byte";
    public int VocabSize => 256;
    public IReadOnlyList<int> Encode(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();
    public string Decode(IEnumerable<int> ids) => Encoding.UTF8.GetString(ids.Select(i => (byte)i).ToArray());
}
