using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Training.Files;
using ScalingLab.Training.Text;
using ScalingLab.Units;

namespace ScalingLab.Training.Corpus;

/// <summary>One source file of a dataset, with its SHA-256 so a dataset can be traced to its inputs.</summary>
public sealed record SourceFile(string Path, long Bytes, string Sha256);

/// <summary>The two token files as they were written: sizes and SHA-256, checked whenever a run starts or resumes.</summary>
public sealed record DatasetFiles(FileDigest Train, FileDigest Val);

/// <summary>
/// dataset.json: what a prepared folder holds. Token ids are little-endian unsigned integers of
/// <see cref="TokenBytes"/> bytes in train.bin and val.bin, whose sizes and checksums are in
/// <see cref="Files"/>.
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
    IReadOnlyList<SourceFile> Sources,
    DatasetFiles? Files = null)
{
    public const string FileName = "dataset.json";
    public const string TrainFile = "train.bin";
    public const string ValFile = "val.bin";

    public double BytesPerToken => (double)(TrainBytes + ValBytes) / Math.Max(1, TrainTokens + ValTokens);
    public double ValBytesPerToken => (double)ValBytes / Math.Max(1, ValTokens);

    /// <summary>Reads and checks a folder's dataset.json (not the token files: see <see cref="Verify"/>).</summary>
    public static DatasetMetadata Load(string folder, string parameter = "data")
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new InputException(parameter, folder, $"expected a folder made by `scalinglab data prepare` (no {FileName} there)");
        DatasetMetadata? meta;
        try
        {
            meta = JsonSerializer.Deserialize<DatasetMetadata>(File.ReadAllText(path), ScalingLabJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException or OverflowException or ArgumentException)
        {
            throw Damaged(parameter, folder, e.Message.Split('\n')[0].TrimEnd('.'));
        }
        return (meta ?? throw Damaged(parameter, folder, "it holds null")).Validated(parameter, folder);
    }

    /// <summary>
    /// Loads dataset.json and checks train.bin and val.bin against it: present, the recorded size
    /// (a whole number of ids) and the recorded SHA-256. A truncated, replaced or damaged file is
    /// bad input, never silently trained on.
    /// </summary>
    public static DatasetMetadata Verify(string folder, string parameter = "data")
    {
        var meta = Load(folder, parameter);
        foreach (var (name, digest) in new[] { (TrainFile, meta.Files!.Train), (ValFile, meta.Files.Val) })
            if (digest.Mismatch(Path.Combine(folder, name)) is { } why)
                throw new InputException(parameter, folder, $"{why} (recorded in {FileName} when the data was prepared); prepare the dataset again");
        return meta;
    }

    private DatasetMetadata Validated(string parameter, string folder)
    {
        string? problem = null;
        var known = Tokenizer is null ? null : TokenizerCatalog.All.FirstOrDefault(t => t.Name == Tokenizer);
        if (known is null) problem = $"unknown tokenizer '{Tokenizer}'";
        else if (VocabSize != known.VocabSize) problem = $"vocabulary {VocabSize} where {known.Name} has {known.VocabSize}";
        else if (TokenBytes != WidthFor(VocabSize)) problem = $"{TokenBytes} bytes per id where vocabulary {VocabSize} takes {WidthFor(VocabSize)}";
        else if (TrainTokens < 0 || ValTokens < 0 || TrainBytes < 0 || ValBytes < 0) problem = "a negative count";
        else if (Sources is null || Format is null) problem = "no sources or format";
        else if (Files is null || Files.Train is null || Files.Val is null)
            throw new InputException(parameter, folder, $"{FileName} records no sizes or checksums of {TrainFile} and {ValFile} (an older scalinglab wrote it); prepare the dataset again");
        else if (!Files.Train.WellFormed || !Files.Val.WellFormed) problem = "a malformed size or SHA-256";
        else if (Files.Train.Bytes != TrainTokens * TokenBytes || Files.Val.Bytes != ValTokens * TokenBytes)
            problem = $"token counts that do not match the file sizes ({TokenBytes} bytes per id)";
        return problem is null ? this : throw Damaged(parameter, folder, problem);
    }

    /// <summary>The narrowest unsigned id that holds the vocabulary: bytes for byte-level, 16 bits for GPT-2, 32 for cl100k.</summary>
    public static int WidthFor(int vocabSize) => vocabSize <= 256 ? 1 : vocabSize <= 65536 ? 2 : 4;

    private static InputException Damaged(string parameter, string folder, string what) =>
        new(parameter, folder, $"{FileName} is damaged ({what}); prepare the dataset again");
}
