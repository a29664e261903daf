using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Training.Files;
using ScalingLab.Training.Loop;
using ScalingLab.Training.Text;
using ScalingLab.Units;

namespace ScalingLab.Training.Corpus;

/// <summary>What `data prepare` is asked to do. <paramref name="Force"/> allows replacing a dataset already in the output folder.</summary>
public sealed record PrepareRequest(
    IReadOnlyList<string> Inputs,
    string OutputFolder,
    string Tokenizer = "byte",
    SourceFormat Format = SourceFormat.Text,
    double ValFraction = 0.05,
    bool Force = false)
{
    /// <summary>The largest share of each source a validation split may take.</summary>
    public const double MaxValFraction = 0.5;
}

/// <summary>What `data prepare` made: the folder and its dataset.json, and whether it replaced an older dataset there.</summary>
public sealed record PreparedDataset(string Folder, DatasetMetadata Dataset, bool Replaced);

/// <summary>
/// Text files to token ids: each source's last <see cref="PrepareRequest.ValFraction"/> (cut at a
/// line break) goes to the validation split, so both splits see every source and the validation
/// split's byte count, needed for bits per byte, is exact. Everything is checked before any work
/// (the output folder) or before anything is kept (text that is not text, splits too small to
/// train on); the folder is written whole into a temporary folder and renamed into place.
/// </summary>
public static class DatasetPreparer
{
    // Encoding piece by piece keeps memory flat; pieces end at line breaks, so BPE merges are unaffected
    // except across a newline, where tiktoken's pre-tokeniser splits anyway.
    private const int PieceChars = 64 * 1024;

    /// <summary>The fewest tokens a split may hold: one window of the shortest context a run accepts, plus its target.</summary>
    public const int MinSplitTokens = TrainOptions.MinContext + 2;

    public static PreparedDataset Prepare(PrepareRequest r)
    {
        if (!(r.ValFraction > 0 && r.ValFraction <= PrepareRequest.MaxValFraction))
            throw new InputException("valFraction", QuantityFormat.Raw(r.ValFraction), $"expected a number above 0 and at most {PrepareRequest.MaxValFraction}");
        var tokenizer = TokenizerCatalog.Create(r.Tokenizer);
        var files = SourceReader.Files(r.Inputs, r.Format);
        AtomicFolder.Check(r.OutputFolder, "output", r.Force, DatasetMetadata.FileName, files.Concat(r.Inputs), "force");
        var replaced = Directory.Exists(r.OutputFolder) && Directory.EnumerateFileSystemEntries(r.OutputFolder).Any();
        DatasetMetadata? meta = null;
        AtomicFolder.Write(r.OutputFolder, folder => meta = Write(folder, r, tokenizer, files));
        return new PreparedDataset(Path.GetFullPath(r.OutputFolder), meta!, replaced);
    }

    private static DatasetMetadata Write(string folder, PrepareRequest r, ITextTokenizer tokenizer, IReadOnlyList<string> files)
    {
        var width = DatasetMetadata.WidthFor(tokenizer.VocabSize);
        var sources = new List<SourceFile>();
        long trainTokens = 0, valTokens = 0, trainBytes = 0, valBytes = 0;
        var trainPath = Path.Combine(folder, DatasetMetadata.TrainFile);
        var valPath = Path.Combine(folder, DatasetMetadata.ValFile);
        var anyText = false;
        using (var train = new BinaryWriter(File.Create(trainPath)))
        using (var val = new BinaryWriter(File.Create(valPath)))
        {
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                sources.Add(new SourceFile(file, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
                var text = SourceReader.Read(file, r.Format);
                anyText |= text.Any(c => !char.IsWhiteSpace(c));
                var cut = SplitPoint(text, r.ValFraction);
                var (tt, tb) = Write(train, tokenizer, text[..cut], width);
                var (vt, vb) = Write(val, tokenizer, text[cut..], width);
                trainTokens += tt; trainBytes += tb; valTokens += vt; valBytes += vb;
            }
        }
        var inputs = string.Join(", ", r.Inputs);
        if (!anyText)
            throw new InputException("inputs", inputs, "expected text; the inputs hold only whitespace (or nothing)");
        if (trainTokens < MinSplitTokens || valTokens < MinSplitTokens)
            throw new InputException("inputs", inputs,
                $"expected enough text for both splits: it gives {trainTokens:N0} training and {valTokens:N0} validation tokens, and each needs at least {MinSplitTokens} " +
                $"(more text, or a larger {ParameterRef.To("valFraction")} when the validation split is the short one)");
        var meta = new DatasetMetadata(tokenizer.Name, tokenizer.VocabSize, width, trainTokens, valTokens, trainBytes, valBytes,
            r.ValFraction, r.Format.ToString().ToLowerInvariant(), sources, new DatasetFiles(FileDigest.Of(trainPath), FileDigest.Of(valPath)));
        File.WriteAllText(Path.Combine(folder, DatasetMetadata.FileName), JsonSerializer.Serialize(meta, ScalingLabJson.Options));
        return meta;
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
