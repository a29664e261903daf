using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Training.Corpus;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>
/// run.json: a run's identity, what it was asked, the options it trains with and where they came
/// from, the experiment store it records into, and the dataset files it reads (sizes and SHA-256,
/// so a resumed run refuses data that changed). Written when the run starts (a temporary file, then
/// a rename), with a copy in checkpoints/ that stands in when run.json itself is damaged.
/// </summary>
public sealed record RunManifest(string RunId, string Store, RunSpec Spec, TrainOptions Options, RunOrigins Origins, DatasetFiles Dataset)
{
    public const string FileName = "run.json";

    /// <summary>A new run of <paramref name="plan"/> on <paramref name="dataset"/>, recording into <paramref name="store"/> (default: experiments.db beside the run folder).</summary>
    public static RunManifest New(RunPlan plan, DatasetMetadata dataset, string runFolder, string? store = null) =>
        new(Guid.NewGuid().ToString("N"), Path.GetFullPath(store ?? DefaultStore(runFolder)), plan.Spec, plan.Options, plan.Origins,
            dataset.Files ?? throw new InputException("data", plan.Spec.Data, $"expected a dataset with checksums ({DatasetMetadata.FileName} has none); prepare it again"));

    public string DataFolder => Spec.Data;

    /// <summary>
    /// The run's dataset, checked (<see cref="DatasetMetadata.Verify"/>) and compared with the files
    /// the run started on: a run continues only on the data it started on.
    /// </summary>
    public DatasetMetadata VerifiedData()
    {
        var data = DatasetMetadata.Verify(DataFolder);
        if (data.Files == Dataset) return data;
        var (name, now, then) = data.Files!.Train != Dataset.Train
            ? (DatasetMetadata.TrainFile, data.Files.Train, Dataset.Train)
            : (DatasetMetadata.ValFile, data.Files.Val, Dataset.Val);
        throw new InputException("data", DataFolder,
            $"its token files changed since this run started ({name} is {now.Bytes:N0} bytes with SHA-256 {now.Sha256[..12]}…, the run recorded {then.Bytes:N0} bytes with {then.Sha256[..12]}…); " +
            "a run continues only on the data it started on (prepare that data again, or start a new run)");
    }

    public static string DefaultStore(string runFolder) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "experiments.db");

    public void Save(string runFolder)
    {
        var json = ToJson();
        foreach (var path in new[] { CopyPath(runFolder), Path.Combine(runFolder, FileName) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path + ".tmp", json);
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }

    /// <summary>Whether the folder holds a run (its run.json, or the copy of it).</summary>
    public static bool Exists(string runFolder) => File.Exists(Path.Combine(runFolder, FileName)) || File.Exists(CopyPath(runFolder));

    /// <summary>
    /// The folder's run, or null when it holds none. A damaged run.json is restored from its copy
    /// (told to <paramref name="notice"/>); when both are damaged the run cannot be continued.
    /// </summary>
    public static RunManifest? TryLoad(string runFolder, Action<string>? notice = null)
    {
        if (!Exists(runFolder)) return null;
        var path = Path.Combine(runFolder, FileName);
        var problem = Read(path, out var manifest);
        if (manifest is not null) return manifest;
        var copyProblem = Read(CopyPath(runFolder), out var copy);
        if (copy is null)
            throw new InputException("output", runFolder, $"{FileName} cannot be read ({problem}) and neither can its copy in checkpoints/ ({copyProblem}); " +
                                                          "the run's options are lost: start it again in a new folder");
        copy.Save(runFolder);
        notice?.Invoke($"{FileName} in {runFolder} could not be read ({problem}); restored it from its copy in checkpoints/");
        return copy;
    }

    public static RunManifest Load(string runFolder, Action<string>? notice = null) =>
        TryLoad(runFolder, notice) ?? throw new InputException("output", runFolder, $"expected a run folder to resume (no {FileName} there)");

    public string ToJson() => JsonSerializer.Serialize(this, ScalingLabJson.State);

    private static string CopyPath(string runFolder) => Path.Combine(runFolder, "checkpoints", FileName);

    /// <summary>Reads one copy; returns why it cannot be used, or null with <paramref name="manifest"/> set.</summary>
    private static string? Read(string path, out RunManifest? manifest)
    {
        manifest = null;
        if (!File.Exists(path)) return "missing";
        try
        {
            var m = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), ScalingLabJson.State);
            if (m is not { RunId: not null, Store: not null, Spec.Data: not null, Options.Shape: not null, Options.LearningRate: not null, Origins: not null, Dataset.Train: not null, Dataset.Val: not null })
                return "incomplete";
            m.Options.Validated();
            manifest = m;
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException or OverflowException
                                      or ArgumentException or InputException or IOException)
        {
            return e.Message.Split('\n')[0].TrimEnd('.');
        }
    }
}
