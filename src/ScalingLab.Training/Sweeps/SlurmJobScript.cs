using ScalingLab.Sweeps;

namespace ScalingLab.Training.Sweeps;

/// <summary>
/// The sbatch script of one sweep run: resources from the spec, the sweep folder (on the cluster's
/// shared filesystem) as the working directory, output beside the run's other logs, and the run's
/// `train` command, which resumes from the checkpoints when the run folder already holds the run (a
/// requeue after preemption, or a resubmission). The program is started by its absolute path, so
/// it must be installed on the shared filesystem too. Self-contained so that the shared sbatch writer
/// of `export slurm` can replace the rendering without touching the executor.
/// </summary>
public static class SlurmJobScript
{
    public static string Render(SweepSpec spec, SweepRunSpec run, string folder, IReadOnlyList<string> command, int attempt)
    {
        var s = spec.Executor.Slurm;
        var logs = Path.Combine(folder, "logs");
        var lines = new List<string>
        {
            "#!/bin/bash",
            $"#SBATCH --job-name={Safe(spec.Name)}-{run.Id}",
            $"#SBATCH --chdir={folder}",
            $"#SBATCH --output={Path.Combine(logs, $"{run.Id}.attempt-{attempt}.slurm-%j.out")}",
            "#SBATCH --nodes=1",
            "#SBATCH --ntasks=1",
            $"#SBATCH --cpus-per-task={s.CpusPerTask}",
            $"#SBATCH --mem={s.Memory}",
            $"#SBATCH --time={s.Time}",
            "#SBATCH --requeue",
        };
        if (s.Partition is { Length: > 0 } part) lines.Add($"#SBATCH --partition={part}");
        lines.AddRange(s.ExtraOptions.Select(o => "#SBATCH " + o));
        var store = SlurmExecutor.RunStore(run.Id);
        string Train(bool resume) => "exec " + CommandLineText.Join(command.Concat(SweepRunArguments.For(spec, run, s.CpusPerTask, resume, store)));
        lines.Add("set -u");
        lines.Add($"cd {CommandLineText.Quote(folder)}");
        lines.Add($"if [ -f {CommandLineText.Quote(Path.Combine(SweepRunArguments.RunFolder(run.Id), "run.json"))} ]; then");
        lines.Add("  " + Train(resume: true));
        lines.Add("else");
        lines.Add("  " + Train(resume: false));
        lines.Add("fi");
        return string.Join('\n', lines) + "\n";
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
