using System.Diagnostics;
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
        // Which process runs a row: added to stores made before rows could go stale.
        var columns = new HashSet<string>();
        using (var info = Command("PRAGMA table_info(runs)"))
        using (var r = info.ExecuteReader())
            while (r.Read()) columns.Add(r.GetString(1));
        foreach (var (name, type) in new[] { ("host", "TEXT"), ("pid", "INTEGER"), ("process_start_utc", "TEXT") })
        {
            if (columns.Contains(name)) continue;
            // Runs of a sweep open one store side by side: another may have added the column first.
            try { Exec($"ALTER TABLE runs ADD COLUMN {name} {type}"); }
            catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase)) { }
        }
    }

    /// <summary>
    /// Marks the run as running in this process (inserting its row the first time). Rows of this
    /// host still marked running whose process has ended (killed, or the machine rebooted) become
    /// interrupted first; returns how many, with their folders.
    /// </summary>
    public IReadOnlyList<string> StartRun(string runId, string folder, string optionsJson, long parameters, double plannedTokens)
    {
        var stale = Reap();
        using var me = Process.GetCurrentProcess();
        using var c = Command("""
            INSERT INTO runs (run_id, folder, created_utc, options_json, parameters, planned_tokens, status, host, pid, process_start_utc)
            VALUES ($id, $folder, $created, $options, $parameters, $tokens, 'running', $host, $pid, $started)
            ON CONFLICT (run_id) DO UPDATE SET status = 'running', message = NULL, host = $host, pid = $pid, process_start_utc = $started
            """);
        c.Parameters.AddWithValue("$id", runId);
        c.Parameters.AddWithValue("$folder", System.IO.Path.GetFullPath(folder));
        c.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O"));
        c.Parameters.AddWithValue("$options", optionsJson);
        c.Parameters.AddWithValue("$parameters", parameters);
        c.Parameters.AddWithValue("$tokens", plannedTokens);
        c.Parameters.AddWithValue("$host", Environment.MachineName);
        c.Parameters.AddWithValue("$pid", me.Id);
        c.Parameters.AddWithValue("$started", StartTime(me));
        c.ExecuteNonQuery();
        return stale;
    }

    /// <summary>Rows of this host marked running whose process is gone become interrupted; returns their folders.</summary>
    private List<string> Reap()
    {
        var gone = new List<(string Id, string Folder, long Pid)>();
        using (var c = Command("SELECT run_id, folder, pid, process_start_utc FROM runs WHERE status = 'running' AND host = $host"))
        {
            c.Parameters.AddWithValue("$host", Environment.MachineName);
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                var pid = r.IsDBNull(2) ? -1 : r.GetInt64(2);
                var started = r.IsDBNull(3) ? null : r.GetString(3);
                if (!Alive(pid, started)) gone.Add((r.GetString(0), r.GetString(1), pid));
            }
        }
        foreach (var (id, _, pid) in gone)
        {
            using var u = Command("UPDATE runs SET status = 'interrupted', message = $message WHERE run_id = $id AND status = 'running'");
            u.Parameters.AddWithValue("$id", id);
            u.Parameters.AddWithValue("$message", $"its process ({pid}) ended without finishing (killed?); resume the run to continue it");
            u.ExecuteNonQuery();
        }
        return gone.Select(g => g.Folder).ToList();
    }

    // A process id is reused after its process ends: the same id with another start time is another process.
    private static bool Alive(long pid, string? started)
    {
        if (pid <= 0 || started is null) return false;
        try
        {
            using var p = Process.GetProcessById((int)pid);
            return !p.HasExited && StartTime(p) == started;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string StartTime(Process p) => p.StartTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

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

    /// <summary>Status, final validation loss, metric rows and message of a run, or null if the store has no such run.</summary>
    public (string Status, double? FinalValLoss, long MetricRows, string? Message)? Run(string runId)
    {
        using var c = Command("SELECT status, final_val_loss, (SELECT COUNT(*) FROM metrics WHERE run_id = $id), message FROM runs WHERE run_id = $id");
        c.Parameters.AddWithValue("$id", runId);
        using var r = c.ExecuteReader();
        if (!r.Read()) return null;
        return (r.GetString(0), r.IsDBNull(1) ? null : r.GetDouble(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3));
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
