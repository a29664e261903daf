using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScalingLab.Training.Text;
using ScalingLab.Units;

namespace ScalingLab.Training.Corpus;

/// <summary>What `data prepare` is asked to do.</summary>
public sealed record PrepareRequest(
    IReadOnlyList<string> Inputs,
    string OutputFolder,
    string Tokenizer = "byte",
    SourceFormat Format = SourceFormat.Text,
    double ValFraction = 0.05)
{
    /// <summary>The largest share of each source a validation split may take.</summary>
    public const double MaxValFraction = 0.5;
}

/// <summary>What `data prepare` made: the folder and its dataset.json.</summary>
public sealed record PreparedDataset(string Folder, DatasetMetadata Dataset);

/// <summary>
/// Text files to token ids: each source's last <see cref="PrepareRequest.ValFraction"/> (cut at a
/// line break) goes to the validation split, so both splits see every source and the validation
/// split's byte count, needed for bits per byte, is exact.
/// </summary>
public static class DatasetPreparer
{
    // Encoding piece by piece keeps memory flat; pieces end at line breaks, so BPE merges are unaffected
    // except across a newline, where tiktoken's pre-tokeniser splits anyway.
    private const int PieceChars = 64 * 1024;

    public static PreparedDataset Prepare(PrepareRequest r)
    {
        if (!(r.ValFraction > 0 && r.ValFraction <= PrepareRequest.MaxValFraction))
            throw new InputException("valFraction", QuantityFormat.Raw(r.ValFraction), $"expected a number above 0 and at most {PrepareRequest.MaxValFraction}");
        var tokenizer = TokenizerCatalog.Create(r.Tokenizer);
        var files = SourceReader.Files(r.Inputs, r.Format);
        Directory.CreateDirectory(r.OutputFolder);
        // The narrowest unsigned id that holds the vocabulary: bytes for byte-level, 16 bits for GPT-2, 32 for cl100k.
        var width = tokenizer.VocabSize <= 256 ? 1 : tokenizer.VocabSize <= 65536 ? 2 : 4;
        var sources = new List<SourceFile>();
        long trainTokens = 0, valTokens = 0, trainBytes = 0, valBytes = 0;
        var trainPath = Path.Combine(r.OutputFolder, DatasetMetadata.TrainFile);
        var valPath = Path.Combine(r.OutputFolder, DatasetMetadata.ValFile);
        using (var train = new BinaryWriter(File.Create(trainPath + ".tmp")))
        using (var val = new BinaryWriter(File.Create(valPath + ".tmp")))
        {
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                sources.Add(new SourceFile(file, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
                var text = SourceReader.Read(file, r.Format);
                var cut = SplitPoint(text, r.ValFraction);
                var (tt, tb) = Write(train, tokenizer, text[..cut], width);
                var (vt, vb) = Write(val, tokenizer, text[cut..], width);
                trainTokens += tt; trainBytes += tb; valTokens += vt; valBytes += vb;
            }
        }
        File.Move(trainPath + ".tmp", trainPath, overwrite: true);
        File.Move(valPath + ".tmp", valPath, overwrite: true);
        var meta = new DatasetMetadata(tokenizer.Name, tokenizer.VocabSize, width, trainTokens, valTokens, trainBytes,
            valBytes, r.ValFraction, r.Format.ToString().ToLowerInvariant(), sources);
        var metaPath = Path.Combine(r.OutputFolder, DatasetMetadata.FileName);
        File.WriteAllText(metaPath + ".tmp", JsonSerializer.Serialize(meta, ScalingLab.Serialization.ScalingLabJson.Options));
        File.Move(metaPath + ".tmp", metaPath, overwrite: true);
        return new PreparedDataset(Path.GetFullPath(r.OutputFolder), meta);
    }

    /// <summary>The start of the validation part: the first line break at or after (1 - fraction) of the text.</summary>
    internal static int SplitPoint(string text, double valFraction)
    {
        var at = (int)(text.Length * (1 - valFraction));
        var nl = text.IndexOf('\n', at);
        return nl < 0 ? at : nl + 1;
    }

    private static (long Tokens, long Bytes) Write(BinaryWriter w, ITextTokenizer tokenizer, string text, int width)
    {
        long tokens = 0;
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(text.Length, start + PieceChars);
            if (end < text.Length)
            {
                var nl = text.LastIndexOf('\n', end - 1, end - start);
                if (nl >= start) end = nl + 1;
                else if (char.IsHighSurrogate(text[end - 1])) end--; // never split a surrogate pair
            }
            foreach (var id in tokenizer.Encode(text[start..end]))
            {
                if (width == 1) w.Write((byte)id);
                else if (width == 2) w.Write((ushort)id);
                else w.Write((uint)id);
                tokens++;
            }
            start = end;
        }
        return (tokens, Encoding.UTF8.GetByteCount(text));
    }
}
