using Microsoft.Data.Sqlite;
using ScalingLab.Training.Loop;

namespace ScalingLab.Training.Store;

/// <summary>
/// The experiment store: one SQLite file holding every run (its options as JSON, status and final
/// numbers) and its metrics, so sweeps and fits can query runs without parsing logs.
/// </summary>
public sealed class ExperimentStore : IDisposable
{
    private readonly SqliteConnection _db;

    public string Path { get; }

    public ExperimentStore(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Exec("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL; -- WAL stays consistent; a power cut may lose the last rows, which --resume rewrites
            CREATE TABLE IF NOT EXISTS runs (
              run_id TEXT PRIMARY KEY, folder TEXT NOT NULL, created_utc TEXT NOT NULL, options_json TEXT NOT NULL,
              parameters INTEGER NOT NULL, planned_tokens REAL NOT NULL, status TEXT NOT NULL,
              steps INTEGER, tokens REAL, final_train_loss REAL, final_val_loss REAL, final_val_bpb REAL, seconds REAL, message TEXT);
            CREATE TABLE IF NOT EXISTS metrics (
              run_id TEXT NOT NULL, step INTEGER NOT NULL, tokens REAL NOT NULL, train_loss REAL NOT NULL,
              learning_rate REAL NOT NULL, tokens_per_second REAL NOT NULL, seconds REAL NOT NULL,
              val_loss REAL, val_bpb REAL, PRIMARY KEY (run_id, step));
            """);
    }

    public void StartRun(string runId, string folder, string optionsJson, long parameters, double plannedTokens)
    {
        using var c = Command("""
            INSERT INTO runs (run_id, folder, created_utc, options_json, parameters, planned_tokens, status)
            VALUES ($id, $folder, $created, $options, $parameters, $tokens, 'running')
            ON CONFLICT (run_id) DO UPDATE SET status = 'running'
            """);
        c.Parameters.AddWithValue("$id", runId);
        c.Parameters.AddWithValue("$folder", System.IO.Path.GetFullPath(folder));
        c.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O"));
        c.Parameters.AddWithValue("$options", optionsJson);
        c.Parameters.AddWithValue("$parameters", parameters);
        c.Parameters.AddWithValue("$tokens", plannedTokens);
        c.ExecuteNonQuery();
    }

    /// <summary>A resumed run forgets metrics logged after its checkpoint; they are trained again.</summary>
    public void DropMetricsAfter(string runId, long step)
    {
        using var c = Command("DELETE FROM metrics WHERE run_id = $id AND step > $step");
        c.Parameters.AddWithValue("$id", runId);
        c.Parameters.AddWithValue("$step", step);
        c.ExecuteNonQuery();
    }

    public void Add(string runId, MetricPoint p)
    {
        using var c = Command("""
            INSERT OR REPLACE INTO metrics (run_id, step, tokens, train_loss, learning_rate, tokens_per_second, seconds, val_loss, val_bpb)
            VALUES ($id, $step, $tokens, $loss, $lr, $tps, $seconds, $val, $bpb)
            """);
        c.Parameters.AddWithValue("$id", runId);
        c.Parameters.AddWithValue("$step", p.Step);
        c.Parameters.AddWithValue("$tokens", p.Tokens);
        c.Parameters.AddWithValue("$loss", Finite(p.TrainLoss));
        c.Parameters.AddWithValue("$lr", p.LearningRate);
        c.Parameters.AddWithValue("$tps", p.TokensPerSecond);
        c.Parameters.AddWithValue("$seconds", p.Seconds);
        c.Parameters.AddWithValue("$val", Finite(p.ValLoss));
        c.Parameters.AddWithValue("$bpb", Finite(p.ValBitsPerByte));
        c.ExecuteNonQuery();
    }

    public void Finish(string runId, TrainResult r)
    {
        using var c = Command("""
            UPDATE runs SET status = $status, steps = $steps, tokens = $tokens, final_train_loss = $train,
              final_val_loss = $val, final_val_bpb = $bpb, seconds = $seconds, message = $message WHERE run_id = $id
            """);
        c.Parameters.AddWithValue("$id", runId);
        c.Parameters.AddWithValue("$status", r.Status.ToString().ToLowerInvariant());
        c.Parameters.AddWithValue("$steps", r.Steps);
        c.Parameters.AddWithValue("$tokens", r.Tokens);
        c.Parameters.AddWithValue("$train", Finite(r.FinalTrainLoss));
        c.Parameters.AddWithValue("$val", Finite(r.FinalValLoss));
        c.Parameters.AddWithValue("$bpb", Finite(r.ValBitsPerByte));
        c.Parameters.AddWithValue("$seconds", r.Seconds);
        c.Parameters.AddWithValue("$message", r.Message);
        c.ExecuteNonQuery();
    }

    /// <summary>Status and final validation loss of a run, or null if the store has no such run.</summary>
    public (string Status, double? FinalValLoss, long MetricRows)? Run(string runId)
    {
        using var c = Command("SELECT status, final_val_loss, (SELECT COUNT(*) FROM metrics WHERE run_id = $id) FROM runs WHERE run_id = $id");
        c.Parameters.AddWithValue("$id", runId);
        using var r = c.ExecuteReader();
        if (!r.Read()) return null;
        return (r.GetString(0), r.IsDBNull(1) ? null : r.GetDouble(1), r.GetInt64(2));
    }

    // SQLite stores NaN as NULL anyway; saying so keeps a diverged run's row readable.
    private static object Finite(double? v) => v is { } d && double.IsFinite(d) ? d : DBNull.Value;

    private SqliteCommand Command(string sql)
    {
        var c = _db.CreateCommand();
        c.CommandText = sql;
        return c;
    }

    private void Exec(string sql)
    {
        using var c = Command(sql);
        c.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
