using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ScalingLab.Units;

namespace ScalingLab.Training.Corpus;

/// <summary>
/// Finds the source files under the inputs and reads each one as plain text; a file whose name ends
/// in .gz is decompressed as it is read (the repository keeps the Brown Corpus that way).
/// </summary>
public static partial class SourceReader
{
    /// <summary>Files named by the inputs (folders recursively), in ordinal order so a dataset is reproducible.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> inputs, SourceFormat format, string field = "inputs")
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input)) files.Add(Path.GetFullPath(input));
            else if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => format != SourceFormat.Brown || BrownText().IsMatch(Path.GetFileName(f)))
                    .Select(Path.GetFullPath)
                    .Order(StringComparer.Ordinal));
            else throw new InputException(field, input, "expected an existing text file or folder");
        }
        if (files.Count == 0)
            throw new InputException(field, string.Join(",", inputs), format == SourceFormat.Brown
                ? "expected Brown Corpus files (ca01 .. cr09) in the folder"
                : "expected at least one file");
        return files;
    }

    public static string Read(string path, SourceFormat format)
    {
        var raw = ReadText(path);
        return format == SourceFormat.Brown ? StripBrownTags(raw) : raw;
    }

    // Strict: bytes that are not UTF-8 are an error, not U+FFFD replacement characters in the dataset.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file's text: UTF-8 (a byte-order mark is dropped), decompressed first when the name ends
    /// in .gz. A file that is not text (bytes that are not UTF-8, or NUL characters) is refused by
    /// name, never tokenised into garbage.
    /// </summary>
    private static string ReadText(string path)
    {
        byte[] bytes;
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) bytes = File.ReadAllBytes(path);
        else
        {
            try
            {
                using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                using var all = new MemoryStream();
                gz.CopyTo(all);
                bytes = all.ToArray();
            }
            catch (InvalidDataException)
            {
                throw new InputException("inputs", path, "expected gzip-compressed text (the name ends in .gz)");
            }
        }
        var start = bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0;
        string text;
        try
        {
            text = Strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException("inputs", path, $"expected UTF-8 text; the bytes near offset {start + Math.Max(0, e.Index):N0} are not UTF-8 (a binary file?)");
        }
        var nul = text.IndexOf('\0');
        if (nul >= 0) throw new InputException("inputs", path, $"expected text; character {nul:N0} is NUL (a binary file?)");
        return text;
    }

    /// <summary>
    /// The Brown Corpus stores "The/at jury/nn said/vbd ./." with one tab-indented sentence per line
    /// and blank lines between paragraphs. Keeps the words, one sentence per line, and writes the
    /// corpus's `` and '' quote marks as plain double quotes.
    /// </summary>
    public static string StripBrownTags(string tagged)
    {
        var sb = new StringBuilder(tagged.Length / 2);
        foreach (var line in tagged.Split('\n'))
        {
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            for (var i = 0; i < words.Length; i++)
            {
                var w = words[i];
                var slash = w.LastIndexOf('/');
                if (slash > 0) w = w[..slash];
                if (w is "``" or "''") w = "\"";
                if (i > 0) sb.Append(' ');
                sb.Append(w);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    // The 500 Brown texts are named by genre letter a..r and a two-digit number (plus .gz when compressed).
    [GeneratedRegex("^c[a-r][0-9]{2}(\\.gz)?$")]
    private static partial Regex BrownText();
}
