using ScalingLab.Fitting;
using ScalingLab.Sweeps;

namespace ScalingLab.Training.Runs;

/// <summary>
/// Our own runs as a fit reads them, from whatever the user points at: a sweep folder or its
/// sweep.yaml (the sweep's store), an experiment store (.db), or a run's metrics.jsonl (its curve).
/// Anything else is left to the table reader (CSV, TSV, JSONL of runs); null says so.
/// </summary>
public static class RunSources
{
    public static RunTable? TryRead(string path, RunPoints what = RunPoints.Final, string field = "FILE")
    {
        if (Directory.Exists(path) || Path.GetFileName(path) == SweepSpec.FileName)
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
