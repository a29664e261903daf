using System.Diagnostics;
using System.Globalization;
using ScalingLab.Sweeps;
using ScalingLab.Units;

namespace ScalingLab.Training.Sweeps;

/// <summary>How the local executor runs: runs at once, LibTorch threads per run, and the program it starts.</summary>
public sealed record LocalRunOptions(int Parallel, int Threads, TrainLauncher Launcher);

/// <summary>
/// Runs a sweep's runs on this machine as `scalinglab train` child processes, <c>Parallel</c> at a
/// time, longest first. It is idempotent and crash-safe because it keeps no state of its own: each
/// pass reads every run's state from the run folders and the store, skips completed and failed runs,
/// resumes interrupted ones from their checkpoints, and waits for a run that a previous (killed)
/// driver left training rather than start it twice (its pid is in logs/ID.pid). Every launch is
/// the run's one `train` command, which starts the run or resumes it; a child that exits 75 (stopped
/// by a signal after a checkpoint) or is lost is launched again, up to the spec's attempts. On
/// SIGINT/SIGTERM it asks every child to stop (they checkpoint and exit 75), waits for them, and
/// returns "stopped".
/// </summary>
public static class LocalExecutor
{
    public const string Name = "local";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    private sealed record Active(SweepRunSpec Run, TrainProcess? Process, int Pid, int Attempt);

    public static SweepOutcome Run(SweepLedger ledger, LocalRunOptions o, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        var spec = ledger.Spec;
        var logs = Path.Combine(ledger.Folder, "logs");
        Directory.CreateDirectory(logs);
        var active = new Dictionary<string, Active>();
        var clock = Stopwatch.StartNew();
        var launched = 0;
        InputException? badInput = null;
        string? lastEvent = null;

        void Report(string? evt)
        {
            if (evt is not null) lastEvent = evt;
            progress?.Report(Snapshot(ledger, active.Keys, o.Parallel, evt));
        }

        while (true)
        {
            // Runs a killed driver left training: wait for them, never start them twice.
            foreach (var run in spec.Runs.Where(r => !active.ContainsKey(r.Id)))
                if (OrphanPid(logs, run.Id) is { } pid && ledger.LastLaunch(run.Id) is { } l)
                {
                    active[run.Id] = new Active(run, null, pid, l.Attempt);
                    Report($"{run.Id}: still training from an earlier `sweep run` (pid {pid}); waiting for it");
                }

            foreach (var (id, a) in active.ToList())
            {
                var exited = a.Process is { } p ? p.HasExited : !Signals.Alive(a.Pid, Marker(id));
                if (!exited) continue;
                active.Remove(id);
                File.Delete(PidFile(logs, id));
                var code = a.Process?.WaitForExit();
                var status = ledger.Status(a.Run, live: false);
                var outcome = code switch
                {
                    _ when status.State == SweepRunState.Completed => "completed",
                    0 or 75 or 130 or null => "interrupted",
                    2 => "bad-input",
                    _ => "failed",
                };
                ledger.Ended(id, a.Attempt, code, outcome);
                a.Process?.Dispose();
                if (outcome == "bad-input")
                {
                    var line = LastLine(Path.Combine(logs, $"{id}.attempt-{a.Attempt}.err"));
                    badInput ??= new InputException("SPEC", id, $"`train` refused run {id}: {line} (fix its train line in {SweepSpec.FileName})");
                }
                Report(outcome == "completed"
                    ? $"{id}: completed, validation loss {status.FinalValLoss:0.0000} ({status.Seconds:0} s)"
                    : $"{id}: {outcome} (exit {code?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, launch {a.Attempt} of {spec.Executor.MaxAttempts})");
            }

            if (cancel.IsCancellationRequested || badInput is not null)
            {
                Stop(active.Values, ledger);
                if (badInput is not null) throw badInput;
                Report("stopped: every run was asked to checkpoint; run `sweep run` again to resume");
                return Outcome(ledger, true, launched, clock);
            }

            var next = cancel.IsCancellationRequested ? [] : spec.Runs
                .Where(r => !active.ContainsKey(r.Id))
                .Select(r => (Run: r, Status: ledger.Status(r, live: false)))
                .Where(x => x.Status.State is SweepRunState.Pending or SweepRunState.Interrupted or SweepRunState.Running)
                .Where(x => x.Status.Attempts < spec.Executor.MaxAttempts)
                .OrderByDescending(x => x.Run.EstimatedSeconds)
                .Take(Math.Max(0, o.Parallel - active.Count))
                .ToList();
            foreach (var (run, status) in next)
            {
                var threads = Threads(ledger.RunFolder(run.Id), o.Threads);
                var resume = threads.Recorded;
                var attempt = ledger.Launched(run.Id, Name);
                var p = o.Launcher.Start(SweepRunArguments.For(spec, run, threads.Count), ledger.Folder,
                    Path.Combine(logs, $"{run.Id}.attempt-{attempt}.out"), Path.Combine(logs, $"{run.Id}.attempt-{attempt}.err"));
                File.WriteAllText(PidFile(logs, run.Id), p.Pid.ToString(CultureInfo.InvariantCulture));
                active[run.Id] = new Active(run, p, p.Pid, attempt);
                launched++;
                Report($"{run.Id}: {(resume ? "resumed" : "started")} (launch {attempt}, {threads.Count} thread{(threads.Count == 1 ? "" : "s")})");
            }

            if (active.Count == 0) return Outcome(ledger, false, launched, clock);
            cancel.WaitHandle.WaitOne(Poll);
            Report(null);
        }
    }

    /// <summary>
    /// The threads to give a run's `train`: the ones its run.json records when the run has started
    /// (train refuses a differing option, so a rerun with another --threads still resumes it), else
    /// <paramref name="wanted"/>.
    /// </summary>
    public static (int Count, bool Recorded) Threads(string runFolder, int wanted) =>
        Loop.RunManifest.TryLoad(runFolder) is { } m ? (m.Spec.Threads, true) : (wanted, false);

    /// <summary>Every run's state and the time left: remaining estimated seconds spread over the slots.</summary>
    public static SweepProgress Snapshot(SweepLedger ledger, IEnumerable<string> live, int slots, string? evt)
    {
        var liveSet = live.ToHashSet();
        var runs = ledger.Spec.Runs.Select(r =>
        {
            var s = ledger.Status(r, liveSet.Contains(r.Id));
            var fraction = s.State switch
            {
                SweepRunState.Completed => 1,
                SweepRunState.Pending => 0,
                _ => RunProgressReader.Fraction(ledger.RunFolder(r.Id), r.Tokens),
            };
            return (Spec: r, View: new SweepRunProgress(r.Id, s.State, fraction, s.FinalValLoss, null));
        }).ToList();
        var left = runs.Where(x => x.View.State is not (SweepRunState.Completed or SweepRunState.Failed))
            .Select(x => x.Spec.EstimatedSeconds * (1 - x.View.Fraction));
        return new SweepProgress(runs.Select(x => x.View).ToList(), ThroughputModel.Makespan(left, slots), evt);
    }

    /// <summary>
    /// Asks every run being waited on to stop, its own children and those a killed driver left
    /// (SIGTERM: train checkpoints and exits 75), waits for them (a child still running after the
    /// grace is killed; it resumes from its last checkpoint), and closes their launches as interrupted.
    /// </summary>
    private static void Stop(IEnumerable<Active> active, SweepLedger ledger)
    {
        var list = active.ToList();
        foreach (var a in list)
            if (a.Process is { } p) p.Interrupt();
            else Signals.Send(a.Pid, Signals.SigTerm);
        var clock = Stopwatch.StartNew();
        foreach (var a in list)
        {
            int? code = null;
            if (a.Process is { } p)
            {
                if (!p.WaitForExit(StopGrace)) p.Kill();
                code = p.HasExited ? p.ExitCode : null;
                p.Dispose();
            }
            else
            {
                while (Signals.Alive(a.Pid, Marker(a.Run.Id)) && clock.Elapsed < StopGrace) Thread.Sleep(100);
                if (Signals.Alive(a.Pid, Marker(a.Run.Id))) Signals.Send(a.Pid, Signals.SigKill);
            }
            ledger.Ended(a.Run.Id, a.Attempt, code, ledger.Status(a.Run, live: false).State == SweepRunState.Completed ? "completed" : "interrupted");
            File.Delete(PidFile(Path.Combine(ledger.Folder, "logs"), a.Run.Id));
        }
    }

    private static SweepOutcome Outcome(SweepLedger ledger, bool stopped, int launched, Stopwatch clock) =>
        new(ledger.Spec.Runs.Select(r => ledger.Status(r, false)).ToList(), stopped, launched, clock.Elapsed.TotalSeconds);

    private static string PidFile(string logs, string id) => Path.Combine(logs, id + ".pid");

    private static string Marker(string id) => SweepRunArguments.RunFolder(id) + " ";

    private static int? OrphanPid(string logs, string id)
    {
        var file = PidFile(logs, id);
        if (!File.Exists(file)) return null;
        if (int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Signals.Alive(pid, Marker(id)))
            return pid;
        File.Delete(file);
        return null;
    }

    /// <summary>Whether a run is being trained by a process on this machine (for `sweep status`).</summary>
    public static bool IsLive(string sweepFolder, string id) => OrphanPid(Path.Combine(sweepFolder, "logs"), id) is not null;

    private static string LastLine(string path) =>
        File.Exists(path) ? File.ReadLines(path).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(no message)" : "(no message)";
}
