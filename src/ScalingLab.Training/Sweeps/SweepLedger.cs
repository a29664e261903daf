using Microsoft.Data.Sqlite;
using ScalingLab.Sweeps;
using ScalingLab.Training.Loop;
using ScalingLab.Units;

namespace ScalingLab.Training.Sweeps;

/// <summary>
/// What a sweep knows about its runs, read from where the runs write it: each run folder's run.json
/// (the trainer's run id) and the sweep's SQLite store (status, final loss, metrics). Beside the
/// trainer's tables the store holds two of the sweep's own: the sweep's identity (so a store from
/// another sweep is refused before anything is written) and one row per launch of a run (so the
/// attempt limit holds across restarts of the driver).
/// </summary>
public sealed class SweepLedger : IDisposable
{
    private readonly SqliteConnection _db;
    public string Folder { get; }
    public SweepSpec Spec { get; }
    public string StorePath { get; }

    private SweepLedger(SweepSpec spec, string folder, SqliteConnection db, string storePath) =>
        (Spec, Folder, _db, StorePath) = (spec, folder, db, storePath);

    /// <summary>Opens (or creates) the sweep's store, refusing one that belongs to another sweep.</summary>
    public static SweepLedger Open(SweepSpec spec, string folder)
    {
        var path = Path.GetFullPath(Path.Combine(folder, spec.Store));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString());
        try
        {
            db.Open();
            Exec(db, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS sweep (sweep_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_utc TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS sweep_launches (
                  run TEXT NOT NULL, attempt INTEGER NOT NULL, executor TEXT NOT NULL, started_utc TEXT NOT NULL,
                  job TEXT, exit_code INTEGER, outcome TEXT, PRIMARY KEY (run, attempt));
                """);
            using (var c = db.CreateCommand())
            {
                c.CommandText = "SELECT sweep_id, name FROM sweep";
                using var r = c.ExecuteReader();
                if (r.Read() && r.GetString(0) != spec.Id)
                    throw new InputException("store", path, $"it belongs to sweep '{r.GetString(1)}' ({r.GetString(0)}), not to this one ({spec.Id}); give each sweep its own store");
            }
            using (var c = db.CreateCommand())
            {
                c.CommandText = "INSERT OR IGNORE INTO sweep (sweep_id, name, created_utc) VALUES ($id, $name, $t)";
                c.Parameters.AddWithValue("$id", spec.Id);
                c.Parameters.AddWithValue("$name", spec.Name);
                c.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
                c.ExecuteNonQuery();
            }
            // The trainer's tables, so status can be read before the first run has started.
            new Store.ExperimentStore(path).Dispose();
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new InputException("store", path, $"expected a sweep's SQLite store ({e.SqliteErrorCode}: {e.Message.Split('\n')[0]})");
        }
        catch
        {
            db.Dispose();
            throw;
        }
        return new SweepLedger(spec, folder, db, path);
    }

    public string RunFolder(string runId) => Path.Combine(Folder, SweepRunArguments.RunFolder(runId));

    /// <summary>Launches so far of a run.</summary>
    public int Attempts(string runId)
    {
        using var c = Command("SELECT COUNT(*) FROM sweep_launches WHERE run = $run");
        c.Parameters.AddWithValue("$run", runId);
        return Convert.ToInt32(c.ExecuteScalar());
    }

    /// <summary>Records a launch; returns its attempt number.</summary>
    public int Launched(string runId, string executor, string? job = null)
    {
        using var c = Command("""
            INSERT INTO sweep_launches (run, attempt, executor, started_utc, job)
            VALUES ($run, (SELECT COALESCE(MAX(attempt), 0) + 1 FROM sweep_launches WHERE run = $run), $executor, $t, $job)
            RETURNING attempt
            """);
        c.Parameters.AddWithValue("$run", runId);
        c.Parameters.AddWithValue("$executor", executor);
        c.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
        c.Parameters.AddWithValue("$job", (object?)job ?? DBNull.Value);
        return Convert.ToInt32(c.ExecuteScalar());
    }

    public void SetJob(string runId, int attempt, string job)
    {
        using var c = Command("UPDATE sweep_launches SET job = $job WHERE run = $run AND attempt = $a");
        c.Parameters.AddWithValue("$run", runId);
        c.Parameters.AddWithValue("$a", attempt);
        c.Parameters.AddWithValue("$job", job);
        c.ExecuteNonQuery();
    }

    public void Ended(string runId, int attempt, int? exitCode, string outcome)
    {
        using var c = Command("UPDATE sweep_launches SET exit_code = $code, outcome = $outcome WHERE run = $run AND attempt = $a");
        c.Parameters.AddWithValue("$run", runId);
        c.Parameters.AddWithValue("$a", attempt);
        c.Parameters.AddWithValue("$code", (object?)exitCode ?? DBNull.Value);
        c.Parameters.AddWithValue("$outcome", outcome);
        c.ExecuteNonQuery();
    }

    /// <summary>The last launch of a run: its attempt number, Slurm job id (if any) and outcome (null while it runs).</summary>
    public (int Attempt, string? Job, string? Outcome)? LastLaunch(string runId)
    {
        using var c = Command("SELECT attempt, job, outcome FROM sweep_launches WHERE run = $run ORDER BY attempt DESC LIMIT 1");
        c.Parameters.AddWithValue("$run", runId);
        using var r = c.ExecuteReader();
        if (!r.Read()) return null;
        return (r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));
    }

    /// <summary>
    /// A run's state from its folder and the store. <paramref name="live"/> says whether a process or
    /// a job is training it now; a run the store calls "running" with nothing live was stopped
    /// without a word (a kill) and is interrupted: its checkpoints resume it. A launch that failed
    /// (a crash, a lost node, a job killed for memory) is launched again until the spec's attempt
    /// limit; a run that diverged or that `train` refused (bad input) has failed at once, since
    /// another launch would fail the same way.
    /// </summary>
    public SweepRunStatus Status(SweepRunSpec run, bool live)
    {
        var attempts = Attempts(run.Id);
        var last = LastLaunch(run.Id);
        var failed = last?.Outcome is "bad-input" || (last?.Outcome is "failed" && attempts >= Spec.Executor.MaxAttempts);
        var retry = !failed && last?.Outcome is "failed"
            ? $"launch {last.Value.Attempt} failed (see logs/{run.Id}.attempt-{last.Value.Attempt}.*); `sweep run` launches it again ({attempts} of {Spec.Executor.MaxAttempts} launches used)"
            : null;
        RunManifest? manifest;
        try { manifest = RunManifest.TryLoad(RunFolder(run.Id)); }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            return new SweepRunStatus(run.Id, SweepRunState.Failed, Attempts: attempts, Message: $"run.json is unreadable: {e.Message}");
        }
        if (manifest is null)
            return new SweepRunStatus(run.Id, live ? SweepRunState.Running : failed ? SweepRunState.Failed : SweepRunState.Pending,
                Attempts: attempts, Message: failed ? $"the last launch failed before the run started (see logs/{run.Id}.attempt-{last!.Value.Attempt}.*)" : retry);
        using var c = Command("""
            SELECT status, final_val_loss, seconds, parameters, tokens, message,
                   (SELECT MIN(val_loss) FROM metrics m WHERE m.run_id = runs.run_id) FROM runs WHERE run_id = $id
            """);
        c.Parameters.AddWithValue("$id", manifest.RunId);
        using var r = c.ExecuteReader();
        if (!r.Read())
            return new SweepRunStatus(run.Id, live ? SweepRunState.Running : failed ? SweepRunState.Failed : SweepRunState.Interrupted,
                Attempts: attempts, Message: retry, StoreRunId: manifest.RunId);
        double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        var status = r.GetString(0);
        var state = status switch
        {
            "completed" => SweepRunState.Completed,
            "diverged" or "failed" => SweepRunState.Failed,
            "interrupted" => live ? SweepRunState.Running : SweepRunState.Interrupted,
            _ => live ? SweepRunState.Running : SweepRunState.Interrupted,
        };
        if (state is not (SweepRunState.Completed or SweepRunState.Failed) && failed && !live) state = SweepRunState.Failed;
        return new SweepRunStatus(run.Id, state, D(1), D(6), D(2), r.GetInt64(3), D(4), attempts,
            state == SweepRunState.Interrupted && retry is not null ? retry : r.IsDBNull(5) ? null : r.GetString(5), manifest.RunId);
    }

    /// <summary>
    /// Copies a run's own store (a Slurm job's, written on another host) into the sweep's store: its
    /// run row and metrics replace any earlier copy, so importing twice records nothing twice.
    /// </summary>
    public void Import(string runStore)
    {
        if (!File.Exists(runStore)) return;
        using (var a = Command("ATTACH DATABASE $path AS job"))
        {
            a.Parameters.AddWithValue("$path", runStore);
            a.ExecuteNonQuery();
        }
        try
        {
            using var tx = _db.BeginTransaction();
            using var c = Command("INSERT OR REPLACE INTO runs SELECT * FROM job.runs; DELETE FROM metrics WHERE run_id IN (SELECT run_id FROM job.runs); INSERT OR REPLACE INTO metrics SELECT * FROM job.metrics;");
            c.Transaction = tx;
            c.ExecuteNonQuery();
            tx.Commit();
        }
        finally
        {
            using var d = Command("DETACH DATABASE job");
            d.ExecuteNonQuery();
        }
    }

    /// <summary>Store rows per run folder of this sweep: a run recorded twice shows as a count above 1.</summary>
    public IReadOnlyDictionary<string, int> RecordsPerRun()
    {
        using var c = Command("SELECT folder, COUNT(*) FROM runs GROUP BY folder");
        using var r = c.ExecuteReader();
        var result = new Dictionary<string, int>();
        while (r.Read()) result[Path.GetFileName(r.GetString(0).TrimEnd('/'))] = r.GetInt32(1);
        return result;
    }

    private SqliteCommand Command(string sql)
    {
        var c = _db.CreateCommand();
        c.CommandText = sql;
        return c;
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
