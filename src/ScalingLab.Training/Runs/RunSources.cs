using ScalingLab.Fitting;
using ScalingLab.Sweeps;

namespace ScalingLab.Training.Runs;

/// <summary>
/// Our own runs as a fit reads them, from whatever the user points at: a sweep folder or its
/// sweep.yaml (the sweep's store), an experiment store (.db), or a run's metrics.jsonl (its curve).
/// Anything else (tables, other tools' logs, folders of their runs) is left to the other readers; null says so.
/// </summary>
public static class RunSources
{
    public static RunTable? TryRead(string path, RunPoints what = RunPoints.Final, string field = "FILE")
    {
        // A folder is a sweep only when it holds a sweep.yaml; any other folder (runs of other tools) is not ours.
        if (Directory.Exists(path) ? File.Exists(Path.Combine(path, SweepSpec.FileName)) : Path.GetFileName(path) == SweepSpec.FileName)
        {
            var spec = SweepSpecFile.Load(path, field);
            var store = Path.Combine(SweepSpecFile.Folder(path, field), spec.Store);
            return StoreRunTable.Read(store, what, field);
        }
        if (Path.GetFileName(path) == "metrics.jsonl") return MetricsRunTable.Read(path, field);
        if (Path.GetExtension(path).ToLowerInvariant() is ".db" or ".sqlite" or ".sqlite3") return StoreRunTable.Read(path, what, field);
        return null;
    }
}
