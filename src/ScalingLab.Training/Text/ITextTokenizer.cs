namespace ScalingLab.Training.Text;

/// <summary>Text to token ids and back. Ids are below <see cref="VocabSize"/>.</summary>
public interface ITextTokenizer
{
    /// <summary>The name used on the command line and in dataset metadata: byte, gpt2, cl100k.</summary>
    string Name { get; }
    int VocabSize { get; }
    IReadOnlyList<int> Encode(string text);
    string Decode(IEnumerable<int> ids);
}
