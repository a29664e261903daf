using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Sweeps;
using ScalingLab.Training.Sweeps;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>The executors `sweep run` knows.</summary>
public enum SweepExecutorKind { Local, Slurm }

/// <summary>`scalinglab sweep run`: train every run of a sweep here or on Slurm; rerun to resume.</summary>
public static class SweepRunCommand
{
    public static Command Create(CliContext ctx)
    {
        var spec = SweepSpecArgument.Create();
        var executor = Options.Choice("--executor", "local (child processes on this machine) or slurm (one sbatch job per run, polled with squeue/scontrol).",
            [("local", SweepExecutorKind.Local), ("slurm", SweepExecutorKind.Slurm)], SweepExecutorKind.Local);
        var parallel = Options.Int("--parallel", "Local: runs at once (default: the spec's, chosen by the design's measurement).", 1, 1024);
        var threads = Options.Int("--threads", "Local: LibTorch threads per run (default: the spec's).", 1, 1024);
        var json = Options.Json();
        var cmd = new Command("run", """
            Train every run of a sweep. Finished runs are skipped, interrupted ones resume from their
            checkpoints, and nothing is trained or recorded twice, so the same command is also how a
            stopped sweep (Ctrl-C, a killed driver, a preempted job) is resumed.
            Examples:
              scalinglab sweep run sweeps/brown
              scalinglab sweep run sweeps/brown --executor slurm
            """)
        { spec, executor, parallel, threads, json };
        cmd.SetAction(p =>
        {
            var (s, folder) = SweepSpecArgument.Load(p.GetValue(spec)!);
            SweepSpecArgument.Data(s, folder);
            var kind = p.GetValue(executor);
            if (kind == SweepExecutorKind.Slurm && SlurmClient.Missing() is { } tool)
                throw new InputException("--executor", "slurm", $"{tool} is not installed here (not on PATH); install Slurm's client commands or use --executor local");
            var par = p.Given(parallel) ? p.GetValue(parallel) : s.Executor.Local.Parallel;
            var thr = p.Given(threads) ? p.GetValue(threads) : s.Executor.Local.ThreadsPerRun;
            if (kind == SweepExecutorKind.Local && par * thr > Environment.ProcessorCount)
                throw new InputException(p.Given(threads) ? "--threads" : "--parallel", $"{par} runs x {thr} threads",
                    $"expected at most {Environment.ProcessorCount} threads in all (the cores of this machine)");
            using var ledger = SweepLedger.Open(s, folder);
            var outcome = SweepProgressView.Run(ctx, (progress, cancel) => kind == SweepExecutorKind.Local
                ? LocalExecutor.Run(ledger, new LocalRunOptions(par, thr, SelfLauncher.Launcher()), progress, cancel)
                : SlurmExecutor.Run(ledger, new SlurmRunOptions(SelfLauncher.Command()), progress, cancel), p.GetValue(json));
            if (p.GetValue(json)) JsonOutput.Write(ctx, SweepStatusReport.From(outcome.Runs, outcome.Stopped));
            else SweepStatusCommand.Render(ctx, s, outcome.Runs);
            if (outcome.Stopped)
            {
                ctx.Err.WriteLine($"stopped by {ctx.Signal?.ToString() ?? "a signal"}: runs checkpointed; run the same command again to resume");
                return Cli.Resumable;
            }
            var failed = outcome.Runs.Where(r => r.State != SweepRunState.Completed).ToList();
            if (failed.Count > 0)
            {
                ctx.Err.WriteLine($"error: {failed.Count} run(s) did not complete ({string.Join(", ", failed.Take(5).Select(f => $"{f.Id}: {SweepRendering.State(f.State)}"))}); see {Path.Combine(folder, "logs")}");
                return Cli.InternalError;
            }
            return 0;
        });
        return cmd;
    }
}
