using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>
/// run.json: a run's identity, what it was asked, the options it trains with and where they came
/// from, and the experiment store it records into. Written when the run starts (a temporary file,
/// then a rename), so resuming needs nothing else.
/// </summary>
public sealed record RunManifest(string RunId, string Store, RunSpec Spec, TrainOptions Options, RunOrigins Origins)
{
    public const string FileName = "run.json";

    /// <summary>A new run of <paramref name="plan"/>, recording into <paramref name="store"/> (default: experiments.db beside the run folder).</summary>
    public static RunManifest New(RunPlan plan, string runFolder, string? store = null) =>
        new(Guid.NewGuid().ToString("N"), Path.GetFullPath(store ?? DefaultStore(runFolder)), plan.Spec, plan.Options, plan.Origins);

    public string DataFolder => Spec.Data;

    public static string DefaultStore(string runFolder) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "experiments.db");

    public void Save(string runFolder)
    {
        Directory.CreateDirectory(runFolder);
        var path = Path.Combine(runFolder, FileName);
        File.WriteAllText(path + ".tmp", ToJson());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static bool Exists(string runFolder) => File.Exists(Path.Combine(runFolder, FileName));

    public static RunManifest? TryLoad(string runFolder) =>
        Exists(runFolder) ? Parse(File.ReadAllText(Path.Combine(runFolder, FileName)), runFolder) : null;

    public static RunManifest Load(string runFolder) =>
        TryLoad(runFolder) ?? throw new InputException("output", runFolder, $"expected a run folder to resume (no {FileName} there)");

    private static RunManifest Parse(string json, string runFolder)
    {
        var m = JsonSerializer.Deserialize<RunManifest>(json, ScalingLabJson.State)
                ?? throw new InputException("output", runFolder, $"{FileName} is empty");
        m.Options.Validated();
        return m;
    }

    public string ToJson() => JsonSerializer.Serialize(this, ScalingLabJson.State);
}
