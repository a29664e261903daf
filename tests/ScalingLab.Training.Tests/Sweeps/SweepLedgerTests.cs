using ScalingLab.Sweeps;
using ScalingLab.Training.Sweeps;

namespace ScalingLab.Training.Tests.Sweeps;

/// <summary>The ledger's rules for a run's launches, and the batch script a Slurm job runs; no training.</summary>
public sealed class SweepLedgerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scalinglab-ledger-" + Guid.NewGuid().ToString("N")[..8]);

    private static SweepSpec Spec(int maxAttempts = 3) => new()
    {
        Id = "s1", Name = "brown sweep", Data = "/data/brown-byte", TargetBudget = 1e15, Law = "besiroglu2024", Context = 128, Vocab = 256,
        Executor = new SweepExecutorSpec
        {
            MaxAttempts = maxAttempts,
            Slurm = new SlurmExecutorSpec { CpusPerTask = 2, Memory = "3G", Time = "0-02:30", Partition = "cpu", ExtraOptions = ["--account=lab"] },
        },
        Runs = [new SweepRunSpec { Id = "b1-s1", Train = "--data /data/brown-byte --layers 1 --d-model 32 --tokens 100000" }],
    };

    [Fact]
    public void A_failed_launch_is_launched_again_until_the_attempt_limit()
    {
        var spec = Spec(maxAttempts: 3);
        using var ledger = SweepLedger.Open(spec, _folder);
        var run = spec.Runs[0];
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            ledger.Ended(run.Id, ledger.Launched(run.Id, LocalExecutor.Name), 1, "failed");
            var s = ledger.Status(run, live: false);
            Assert.Equal(SweepRunState.Pending, s.State);
            Assert.Contains("launches it again", s.Message);
        }
        ledger.Ended(run.Id, ledger.Launched(run.Id, LocalExecutor.Name), 1, "failed");
        Assert.Equal(SweepRunState.Failed, ledger.Status(run, live: false).State);
    }

    [Fact]
    public void A_run_that_train_refused_has_failed_at_once()
    {
        var spec = Spec();
        using var ledger = SweepLedger.Open(spec, _folder);
        ledger.Ended("b1-s1", ledger.Launched("b1-s1", LocalExecutor.Name), 2, "bad-input");
        Assert.Equal(SweepRunState.Failed, ledger.Status(spec.Runs[0], live: false).State);
    }

    [Fact]
    public void A_slurm_job_runs_the_runs_train_line_from_the_sweep_folder_with_the_specs_resources()
    {
        var spec = Spec();
        var text = SlurmExecutor.JobScript(spec, spec.Runs[0], "/shared/sweeps/brown", ["/opt/scalinglab/scalinglab"], 2).Render();
        foreach (var line in new[]
        {
            "#SBATCH --job-name=brown-sweep-b1-s1", "#SBATCH --nodes=1", "#SBATCH --ntasks-per-node=1", "#SBATCH --cpus-per-task=2",
            "#SBATCH --mem=3G", "#SBATCH --time=0-02:30:00", "#SBATCH --output=/shared/sweeps/brown/logs/b1-s1.attempt-2.slurm-%j.out",
            "#SBATCH --partition=cpu", "#SBATCH --chdir=/shared/sweeps/brown", "#SBATCH --requeue", "#SBATCH --account=lab",
            "cd /shared/sweeps/brown",
            "exec /opt/scalinglab/scalinglab train --data /data/brown-byte --layers 1 --d-model 32 --tokens 100000 --out runs/b1-s1 --store stores/b1-s1.db --peak-flops 1e11 --json --threads 2",
        })
            Assert.Contains(line + "\n", text);
        // One command whether the run starts or continues: train resumes a folder that holds the same run
        // (a requeued or resubmitted job), so the script has no branch and no --resume.
        Assert.DoesNotContain("--resume", text);
        Assert.Single(text.Split('\n'), l => l.Contains(" train "));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
