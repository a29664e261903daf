using System.Text.Json;
using ScalingLab.Training.Corpus;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>run.json: the identity of a run, its data and its options, written when it starts so `--resume` needs nothing else.</summary>
public sealed record RunManifest(string RunId, string DataFolder, TrainOptions Options)
{
    public const string FileName = "run.json";

    public void Save(string runFolder)
    {
        Directory.CreateDirectory(runFolder);
        var path = Path.Combine(runFolder, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, ScalingLab.Serialization.ScalingLabJson.Options));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static RunManifest? TryLoad(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), ScalingLab.Serialization.ScalingLabJson.Options) : null;
    }

    public static RunManifest Load(string runFolder, string field = "output") =>
        TryLoad(runFolder) ?? throw new InputException(field, runFolder, $"expected a run folder to resume (no {FileName} there)");

    public string ToJson() => JsonSerializer.Serialize(this, ScalingLab.Serialization.ScalingLabJson.Options);
}
