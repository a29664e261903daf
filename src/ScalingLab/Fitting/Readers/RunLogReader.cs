using ScalingLab.Units;
namespace ScalingLab.Fitting.Readers;

/// <summary>
/// The runs of training logs, whatever kept them: Hugging Face trainer_state.json files, TensorBoard
/// event files, W&amp;B exports, or any table once its columns are named; given as files, or as
/// folders searched for trainer_state.json and event files (one run per folder; of several
/// checkpoints of one run, the one with the longest history). The result is the <see cref="RunTable"/>
/// `fit` reads (<see cref="LogTable"/>).
/// </summary>
public static class RunLogReader
{
    /// <summary>Whether a path is a log this reader takes rather than a plain table of runs (a .json file is never a table: those are .csv, .tsv or .jsonl).</summary>
    public static bool IsLog(string path) =>
        Directory.Exists(path) || TensorBoardReader.Looks(path)
        || Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)
        || (File.Exists(path) && TabularLogReader.Looks(path));

    public static RunTable Read(IReadOnlyList<string> paths, LogOptions o, string field = "FILE")
    {
        var runs = new List<LogRun>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path)) runs.AddRange(Folder(path, field));
            else if (!File.Exists(path)) throw new InputException(field, path, "no such file or folder");
            else if (TensorBoardReader.Looks(path)) runs.Add(TensorBoardReader.Read(path, field));
            else if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)) runs.Add(TrainerStateReader.Read(path, field));
            else runs.AddRange(TabularLogReader.Read(path, o, field));
        }
        var duplicate = runs.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InputException(field, duplicate.Key, $"two runs have this name ({string.Join(", ", duplicate.Select(r => r.Source))}); keep each run in a folder of its own");
        return LogTable.Build(runs, o, string.Join(", ", paths), field);
    }

    private static IEnumerable<LogRun> Folder(string folder, string field)
    {
        var states = Directory.EnumerateFiles(folder, TrainerStateReader.FileName, SearchOption.AllDirectories)
            .Select(f => TrainerStateReader.Read(f, field))
            .GroupBy(r => r.Name).Select(g => g.OrderByDescending(r => r.Rows.Count).First()).ToList();
        var events = Directory.EnumerateFiles(folder, "*tfevents*", SearchOption.AllDirectories)
            .GroupBy(f => Path.GetDirectoryName(Path.GetFullPath(f))!)
            .Select(g => TensorBoardReader.Read(g.Order().ToList(), Path.GetFileName(g.Key), field)).ToList();
        if (states.Count == 0 && events.Count == 0)
            throw new InputException(field, folder, "no trainer_state.json or TensorBoard event files (events.out.tfevents.*) in this folder or below");
        return states.Concat(events);
    }
}
