using System.Text.Json;
using System.Text.Json.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Training.Corpus;

/// <summary>One source file of a dataset, with its SHA-256 so a dataset can be traced to its inputs.</summary>
public sealed record SourceFile(string Path, long Bytes, string Sha256);

/// <summary>
/// dataset.json: what a prepared folder holds. Token ids are little-endian unsigned integers of
/// <see cref="TokenBytes"/> bytes in train.bin and val.bin.
/// </summary>
public sealed record DatasetMetadata(
    string Tokenizer,
    int VocabSize,
    int TokenBytes,
    long TrainTokens,
    long ValTokens,
    long TrainBytes,
    long ValBytes,
    double ValFraction,
    string Format,
    IReadOnlyList<SourceFile> Sources)
{
    public const string FileName = "dataset.json";
    public const string TrainFile = "train.bin";
    public const string ValFile = "val.bin";

    public double BytesPerToken => (double)(TrainBytes + ValBytes) / Math.Max(1, TrainTokens + ValTokens);
    public double ValBytesPerToken => (double)ValBytes / Math.Max(1, ValTokens);

    public static DatasetMetadata Load(string folder, string field = "data")
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new InputException(field, folder, $"expected a folder made by `scalinglab data prepare` (no {FileName} there)");
        return JsonSerializer.Deserialize<DatasetMetadata>(File.ReadAllText(path), ScalingLab.Serialization.ScalingLabJson.Options)
               ?? throw new InputException(field, folder, $"{FileName} is empty");
    }
}
