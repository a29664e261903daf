using System.Diagnostics;
using System.Globalization;

namespace ScalingLab.Training.Sweeps;

/// <summary>
/// Slurm's client commands: sbatch to submit, squeue for queued and running jobs, scontrol for a job
/// that has left the queue (without accounting there is no sacct; scontrol keeps a finished job for
/// MinJobAge seconds, 300 by default), scancel to cancel.
/// </summary>
public static class SlurmClient
{
    public static readonly string[] Tools = ["sbatch", "squeue", "scontrol"];

    /// <summary>The first Slurm command not on PATH, or null when all are there.</summary>
    public static string? Missing() => Tools.FirstOrDefault(t => Which(t) is null);

    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>Submits a batch script; returns the job id.</summary>
    public static string Submit(string script)
    {
        var (code, stdout, stderr) = Exec("sbatch", "--parsable", script);
        if (code != 0) throw new SlurmException($"sbatch failed (exit {code}): {stderr.Trim()}");
        return stdout.Trim().Split(';')[0];
    }

    /// <summary>The state of each job (PENDING, RUNNING, COMPLETED, FAILED, ...), with its exit code once known; null when Slurm no longer knows it.</summary>
    public static (string State, int? ExitCode)? Job(string jobId)
    {
        var (code, stdout, _) = Exec("squeue", "-h", "-j", jobId, "-o", "%T");
        var queued = code == 0 ? stdout.Trim() : "";
        if (queued.Length > 0 && queued is not ("COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "PREEMPTED" or "NODE_FAIL" or "OUT_OF_MEMORY"))
            return (queued, null);
        var (c2, show, err) = Exec("scontrol", "show", "job", "-o", jobId);
        // Gone only when Slurm says so; a controller that does not answer (busy, restarting) is asked again later.
        if (c2 != 0) return err.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) ? null : (Unanswered, null);
        string? Field(string name) => show.Split(' ').FirstOrDefault(f => f.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
        var state = Field("JobState") ?? "UNKNOWN";
        int? exit = Field("ExitCode") is { } e && int.TryParse(e.Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        return (state, exit);
    }

    /// <summary>The state of a job Slurm did not answer about: taken as still active, so it is neither settled nor submitted again.</summary>
    public const string Unanswered = "UNANSWERED";

    public static void Cancel(string jobId) => Exec("scancel", jobId);

    private static (int Code, string Out, string Err) Exec(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new SlurmException($"could not start {tool}");
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new SlurmException($"{tool} did not answer within 60 s"); }
        return (p.ExitCode, o.Result, e.Result);
    }

    /// <summary>True for a state in which the job may still run (queued, running, being requeued).</summary>
    public static bool Active(string state) => state is Unanswered or "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESIZING" or "STAGE_OUT" or "SIGNALING";
}

/// <summary>Slurm refused or failed a command.</summary>
public sealed class SlurmException(string message) : Exception(message);
