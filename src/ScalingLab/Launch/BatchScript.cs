using System.Globalization;
using System.Text;

namespace ScalingLab.Launch;

/// <summary>
/// A Slurm batch script: the job's resources as #SBATCH options, then environment variables and the
/// command lines the job runs. One writer for every script ScalingLab submits or exports: the export
/// of a planned pretraining run (many nodes of GPUs, one torchrun per node) and a sweep of small
/// training runs (an array job, one CPU-only task each, on a one-node cluster). Absent resources are
/// left to the cluster's defaults.
/// </summary>
/// <param name="JobName">--job-name.</param>
/// <param name="Nodes">--nodes.</param>
/// <param name="TasksPerNode">--ntasks-per-node: srun starts this many copies of a step on each node.</param>
/// <param name="Commands">The script's lines after the environment, as shell text.</param>
public sealed record BatchScript(string JobName, int Nodes, int TasksPerNode, IReadOnlyList<string> Commands)
{
    /// <summary>--gpus-per-node (none: a CPU-only job).</summary>
    public int? GpusPerNode { get; init; }
    /// <summary>--cpus-per-task.</summary>
    public int? CpusPerTask { get; init; }
    /// <summary>--mem, per node, in Slurm's syntax ("16G"; "0" asks for all of each node's memory).</summary>
    public string? Memory { get; init; }
    /// <summary>--time; whole minutes are asked for, rounded up.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>--output, with Slurm's replacement symbols (%x job name, %j job id, %A array job id, %a task id).</summary>
    public string? Output { get; init; }
    /// <summary>--array: "0-9", "0-99%4" (at most 4 at once).</summary>
    public string? Array { get; init; }
    /// <summary>--partition.</summary>
    public string? Partition { get; init; }
    /// <summary>--exclusive: no other job shares the nodes.</summary>
    public bool Exclusive { get; init; }
    /// <summary>--chdir: the job's working directory (on a cluster, a path on the shared filesystem).</summary>
    public string? WorkingDirectory { get; init; }
    /// <summary>--requeue: Slurm may run the job again after a preemption or a node failure (the commands must resume).</summary>
    public bool Requeue { get; init; }
    /// <summary>More options as a user writes them ("--account=lab", "--qos high"), after the others.</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];
    /// <summary>Variables exported before the commands, values quoted for the shell.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>The #SBATCH options in the order written, as (long option, value or null for a switch).</summary>
    public IReadOnlyList<(string Option, string? Value)> Options()
    {
        var o = new List<(string, string?)> { ("--job-name", JobName), ("--nodes", N(Nodes)), ("--ntasks-per-node", N(TasksPerNode)) };
        if (GpusPerNode is { } g) o.Add(("--gpus-per-node", N(g)));
        if (CpusPerTask is { } c) o.Add(("--cpus-per-task", N(c)));
        if (Memory is not null) o.Add(("--mem", Memory));
        if (TimeLimit is { } t) o.Add(("--time", SlurmTime(t)));
        if (Output is not null) o.Add(("--output", Output));
        if (Array is not null) o.Add(("--array", Array));
        if (Partition is not null) o.Add(("--partition", Partition));
        if (Exclusive) o.Add(("--exclusive", null));
        if (WorkingDirectory is not null) o.Add(("--chdir", WorkingDirectory));
        if (Requeue) o.Add(("--requeue", null));
        foreach (var e in ExtraOptions)
        {
            var eq = e.IndexOf('=');
            o.Add(eq < 0 ? (e.Trim(), null) : (e[..eq].Trim(), e[(eq + 1)..].Trim()));
        }
        return o;
    }

    /// <summary>The script's text: a bash shebang, the #SBATCH lines, strict mode, the environment and the commands.</summary>
    public string Render()
    {
        var b = new StringBuilder("#!/bin/bash\n");
        foreach (var (option, value) in Options())
            b.Append("#SBATCH ").Append(option).Append(value is null ? "" : "=" + value).Append('\n');
        b.Append("set -euo pipefail\n");
        foreach (var (name, value) in Environment)
            b.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
        foreach (var line in Commands) b.Append(line).Append('\n');
        return b.ToString();
    }

    /// <summary>Slurm's days-hours:minutes:seconds, rounded up to the minute.</summary>
    public static string SlurmTime(TimeSpan t)
    {
        var minutes = (long)Math.Ceiling(Math.Round(t.TotalMinutes, 6));
        return $"{minutes / 1440}-{minutes / 60 % 24:00}:{minutes % 60:00}:00";
    }

    /// <summary>
    /// A time limit as sbatch's --time takes it: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or
    /// D-HH:MM:SS; null when the text is none of these (or zero).
    /// </summary>
    public static TimeSpan? ParseSlurmTime(string text)
    {
        var t = (text ?? "").Trim();
        var days = 0;
        var dash = t.IndexOf('-');
        if (dash >= 0)
        {
            if (!int.TryParse(t[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out days)) return null;
            t = t[(dash + 1)..];
        }
        var parts = t.Split(':');
        var n = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out n[i])) return null;
        // With days the fields are hours[:minutes[:seconds]]; without, minutes[:seconds] or hours:minutes:seconds.
        var (h, m, sec) = (dash >= 0, n.Length) switch
        {
            (true, 1) => (n[0], 0, 0),
            (true, 2) => (n[0], n[1], 0),
            (true, 3) => (n[0], n[1], n[2]),
            (false, 1) => (0, n[0], 0),
            (false, 2) => (0, n[0], n[1]),
            (false, 3) => (n[0], n[1], n[2]),
            _ => (-1, 0, 0),
        };
        if (h < 0) return null;
        var span = new TimeSpan(days, h, m, sec);
        return span > TimeSpan.Zero ? span : null;
    }

    /// <summary>A word the shell reads back unchanged: single-quoted unless it is plainly safe.</summary>
    public static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
}
