using Microsoft.Data.Sqlite;
using ScalingLab.Fitting;
using ScalingLab.Units;

namespace ScalingLab.Training.Runs;

/// <summary>What to read of each run: its final point (parameters, tokens, final validation loss) or its training curve.</summary>
public enum RunPoints { Final, Curves }

/// <summary>
/// Runs from an experiment store (the SQLite file `train` and `sweep run` record into) as a
/// <see cref="RunTable"/>. Final points: every completed run at its tokens seen, with its final
/// validation loss. Curves: every run's logged steps (training loss, a moving average over 10 steps,
/// on data the run had not seen before within its first epoch) for Approach 1. Parameters are the
/// trainer's total count, the convention the Chinchilla form is fitted in; C = 6ND.
/// </summary>
public static class StoreRunTable
{
    public static RunTable Read(string path, RunPoints what = RunPoints.Final, string field = "FILE")
    {
        if (!File.Exists(path)) throw new InputException(field, path, "expected an existing SQLite experiment store");
        try
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = what == RunPoints.Final
                ? "SELECT run_id, folder, parameters, tokens, final_val_loss, NULL FROM runs WHERE status = 'completed' AND final_val_loss IS NOT NULL ORDER BY folder"
                : "SELECT r.run_id, r.folder, r.parameters, m.tokens, m.train_loss, m.step FROM runs r JOIN metrics m ON m.run_id = r.run_id WHERE m.train_loss IS NOT NULL ORDER BY r.folder, m.step";
            using var r = c.ExecuteReader();
            var points = new List<RunPoint>();
            while (r.Read())
            {
                var n = (double)r.GetInt64(2);
                var d = r.GetDouble(3);
                var loss = r.GetDouble(4);
                if (!(n > 0 && d > 0 && loss > 0 && double.IsFinite(loss))) continue;
                var run = Path.GetFileName(r.GetString(1).TrimEnd('/'));
                points.Add(new RunPoint(points.Count + 1, new(n), new(d), Units.Flops.Of(new(n), new(d)), new(loss), run, r.IsDBNull(5) ? null : r.GetInt64(5),
                    new Dictionary<string, string> { ["run"] = run, ["runId"] = r.GetString(0), ["folder"] = r.GetString(1) }));
            }
            if (points.Count == 0)
                throw new InputException(field, path, what == RunPoints.Final ? "the store holds no completed run yet" : "the store holds no logged steps yet");
            return new RunTable(path, points, [what == RunPoints.Final
                ? $"read {points.Count} completed runs from the store {Path.GetFileName(path)}: total parameters, tokens seen, final validation loss; C = 6ND"
                : $"read the training curves of {points.Select(p => p.RunId).Distinct().Count()} runs ({points.Count} logged steps) from the store {Path.GetFileName(path)}: training loss, 10-step average"]);
        }
        catch (SqliteException e)
        {
            throw new InputException(field, path, $"expected an experiment store ({e.Message.Split('\n')[0]})");
        }
    }
}
