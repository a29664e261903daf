using System.Diagnostics;
using System.Globalization;
using ScalingLab.Launch;
using ScalingLab.Sweeps;

namespace ScalingLab.Training.Sweeps;

/// <summary>The program each job starts (absolute paths, on the shared filesystem).</summary>
public sealed record SlurmRunOptions(IReadOnlyList<string> Command);

/// <summary>
/// Runs a sweep on Slurm: one sbatch job per run, polled with squeue and scontrol. Nothing assumes
/// the submitting host is the compute host: jobs find everything through the sweep folder on the
/// shared filesystem, each job records into its own SQLite file under stores/ (SQLite's WAL does not
/// work across hosts), and the driver alone copies a finished job's records into the sweep's store.
/// A job that ended without completing its run (preempted, cancelled, timed out, stopped by a
/// signal with exit 75) is submitted again, up to the spec's attempt limit, and resumes from its
/// checkpoints; a run that failed (exit 1) or was refused (exit 2) is not. Stopping the driver
/// leaves the jobs to the cluster; running it again picks them up.
/// </summary>
public static class SlurmExecutor
{
    public const string Name = "slurm";

    public static string RunStore(string runId) => Path.Combine("stores", runId + ".db");

    public static SweepOutcome Run(SweepLedger ledger, SlurmRunOptions o, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        var spec = ledger.Spec;
        Directory.CreateDirectory(Path.Combine(ledger.Folder, "logs"));
        Directory.CreateDirectory(Path.Combine(ledger.Folder, "stores"));
        var clock = Stopwatch.StartNew();
        var launched = 0;
        while (true)
        {
            var live = new List<string>();
            foreach (var run in spec.Runs)
            {
                if (Live(ledger, run.Id)) { live.Add(run.Id); continue; }
                if (Settle(ledger, run) is { } evt) Report(evt);
                // Still unsettled (requeued since, or Slurm did not answer): never submit beside a job that may run.
                if (ledger.LastLaunch(run.Id) is { Job: not null, Outcome: null }) { live.Add(run.Id); continue; }
                var status = ledger.Status(run, live: false);
                if (status.State is SweepRunState.Completed or SweepRunState.Failed || status.Attempts >= spec.Executor.MaxAttempts || cancel.IsCancellationRequested)
                    continue;
                var attempt = ledger.Launched(run.Id, Name);
                var script = Path.Combine(ledger.Folder, "logs", $"{run.Id}.attempt-{attempt}.sbatch");
                File.WriteAllText(script, JobScript(spec, run, ledger.Folder, o.Command, attempt).Render());
                string job;
                try { job = SlurmClient.Submit(script); }
                catch (SlurmException e)
                {
                    ledger.Ended(run.Id, attempt, null, "not-submitted");
                    throw new Units.InputException("executor", Name, e.Message);
                }
                ledger.SetJob(run.Id, attempt, job);
                launched++;
                live.Add(run.Id);
                Report($"{run.Id}: submitted as job {job} (launch {attempt} of {spec.Executor.MaxAttempts})");
            }
            if (cancel.IsCancellationRequested)
            {
                Report("stopped watching: submitted jobs keep running on the cluster; run `sweep run` again to follow them");
                return Outcome(true);
            }
            if (live.Count == 0) return Outcome(false);
            cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(spec.Executor.Slurm.PollSeconds));
            Report(null, live);

            void Report(string? evt, IEnumerable<string>? running = null) =>
                progress?.Report(LocalExecutor.Snapshot(ledger, running ?? live, Math.Max(1, live.Count), evt));
        }

        SweepOutcome Outcome(bool stopped) => new(spec.Runs.Select(r => ledger.Status(r, Live(ledger, r.Id))).ToList(), stopped, launched, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// When the run's last job has left the queue: copy its records into the sweep's store and close
    /// the launch with its outcome. Returns what happened, or null when nothing did.
    /// </summary>
    public static string? Settle(SweepLedger ledger, SweepRunSpec run)
    {
        if (ledger.LastLaunch(run.Id) is not { Job: { } job, Outcome: null } last) return null;
        if (SlurmClient.Missing() is not null) return null;
        var state = SlurmClient.Job(job);
        if (state is { } s && SlurmClient.Active(s.State)) return null;
        ledger.Import(Path.Combine(ledger.Folder, RunStore(run.Id)));
        var status = ledger.Status(run, live: false);
        var exit = state?.ExitCode;
        var outcome = status.State == SweepRunState.Completed ? "completed" : exit switch { 1 => "failed", 2 => "bad-input", _ => "interrupted" };
        ledger.Ended(run.Id, last.Attempt, exit, outcome);
        return outcome == "completed"
            ? $"{run.Id}: completed in job {job}, validation loss {status.FinalValLoss:0.0000}"
            : $"{run.Id}: job {job} ended {state?.State ?? "(no longer known to Slurm)"} (exit {exit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}): {outcome}";
    }

    /// <summary>
    /// The batch script of one run, through the one sbatch writer (<see cref="BatchScript"/>): the
    /// spec's resources, the sweep folder (on the cluster's shared filesystem) as the working
    /// directory, output beside the run's other logs, requeueable, and the run's one `train` command,
    /// which starts the run or, when the run folder already holds it (a requeue after preemption, a
    /// resubmission), resumes it from its checkpoints: the same script is right either way. The program is started by its absolute path, so it must be
    /// installed on the shared filesystem too.
    /// </summary>
    public static BatchScript JobScript(SweepSpec spec, SweepRunSpec run, string folder, IReadOnlyList<string> command, int attempt)
    {
        var s = spec.Executor.Slurm;
        var threads = LocalExecutor.Threads(Path.Combine(folder, SweepRunArguments.RunFolder(run.Id)), s.CpusPerTask).Count;
        var train = "exec " + string.Join(' ', command.Concat(SweepRunArguments.For(spec, run, threads, RunStore(run.Id))).Select(BatchScript.Quote));
        return new BatchScript($"{Safe(spec.Name)}-{run.Id}", 1, 1, [$"cd {BatchScript.Quote(folder)}", train])
        {
            CpusPerTask = s.CpusPerTask,
            Memory = s.Memory,
            TimeLimit = BatchScript.ParseSlurmTime(s.Time),
            Output = Path.Combine(folder, "logs", $"{run.Id}.attempt-{attempt}.slurm-%j.out"),
            Partition = s.Partition is { Length: > 0 } p ? p : null,
            WorkingDirectory = folder,
            Requeue = true,
            ExtraOptions = s.ExtraOptions,
        };
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());

    private static bool Live(SweepLedger ledger, string runId) =>
        ledger.LastLaunch(runId) is { Job: { } job, Outcome: null } && SlurmClient.Job(job) is { } s && SlurmClient.Active(s.State);

    /// <summary>Whether Slurm is running (or about to run) the run's last job, for `sweep status`.</summary>
    public static bool IsLive(SweepLedger ledger, string runId)
    {
        if (ledger.LastLaunch(runId) is not { Job: not null, Outcome: null } || SlurmClient.Missing() is not null) return false;
        if (!Live(ledger, runId)) { Settle(ledger, ledger.Spec.Runs.First(r => r.Id == runId)); return false; }
        return true;
    }
}
