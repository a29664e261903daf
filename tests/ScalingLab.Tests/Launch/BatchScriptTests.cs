using ScalingLab.Launch;

namespace ScalingLab.Tests.Launch;

public class BatchScriptTests
{
    // The shape a sweep executor submits on a one-node CPU cluster: an array of small runs, no GPUs.
    [Fact]
    public void A_cpu_array_job_renders_its_options_environment_and_commands()
    {
        var script = new BatchScript("sweep-a1", 1, 1, ["scalinglab train --data data --params 100k --out runs/$SLURM_ARRAY_TASK_ID"])
        {
            CpusPerTask = 1,
            Memory = "2G",
            TimeLimit = TimeSpan.FromMinutes(30),
            Output = "runs/%A_%a.out",
            Array = "0-5%2",
            Environment = [new("OMP_NUM_THREADS", "1"), new("NOTE", "it's a sweep")],
        };
        Assert.Equal("""
            #!/bin/bash
            #SBATCH --job-name=sweep-a1
            #SBATCH --nodes=1
            #SBATCH --ntasks-per-node=1
            #SBATCH --cpus-per-task=1
            #SBATCH --mem=2G
            #SBATCH --time=0-00:30:00
            #SBATCH --output=runs/%A_%a.out
            #SBATCH --array=0-5%2
            set -euo pipefail
            export OMP_NUM_THREADS=1
            export NOTE='it'\''s a sweep'
            scalinglab train --data data --params 100k --out runs/$SLURM_ARRAY_TASK_ID

            """.ReplaceLineEndings("\n"), script.Render());
        Assert.DoesNotContain(script.Options(), o => o.Option == "--gpus-per-node");
    }

    [Theory]
    [InlineData(59.0, "0-00:01:00")]       // rounded up to the minute
    [InlineData(3600.0, "0-01:00:00")]
    [InlineData(1_900_800.0, "22-00:00:00")]
    [InlineData(1_900_800.0000000002, "22-00:00:00")] // 20 days x 1.1 in floating point is not one more minute
    [InlineData(90_061.0, "1-01:02:00")]
    public void Time_limits_are_days_hours_minutes_seconds(double seconds, string expected) =>
        Assert.Equal(expected, BatchScript.SlurmTime(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("plain-1.0", "plain-1.0")]
    [InlineData("two words", "'two words'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("", "''")]
    public void Values_are_quoted_for_the_shell(string value, string quoted) => Assert.Equal(quoted, BatchScript.Quote(value));
}
