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

    // The shape the sweep's Slurm executor submits: one requeueable job per run, run from the sweep folder.
    [Fact]
    public void A_requeueable_job_names_its_folder_and_the_users_extra_options()
    {
        var script = new BatchScript("brown-b1-s1", 1, 1, ["exec scalinglab train --out runs/b1-s1"])
        {
            CpusPerTask = 2,
            WorkingDirectory = "/shared/sweeps/brown",
            Requeue = true,
            ExtraOptions = ["--account=lab", "--qos high"],
        };
        var text = script.Render();
        Assert.Contains("#SBATCH --chdir=/shared/sweeps/brown\n#SBATCH --requeue\n#SBATCH --account=lab\n#SBATCH --qos high\nset -euo pipefail\n", text);
        Assert.Contains(("--account", "lab"), script.Options());
        // Unset, none of them is written: the export's scripts stay as they were.
        var plain = new BatchScript("x", 1, 1, ["true"]).Render();
        Assert.DoesNotContain("--chdir", plain);
        Assert.DoesNotContain("--requeue", plain);
    }

    [Theory]
    [InlineData("30", 1800.0)]
    [InlineData("30:15", 1815.0)]
    [InlineData("01:00:00", 3600.0)]
    [InlineData("2-00", 172_800.0)]
    [InlineData("1-02:03", 93_780.0)]
    [InlineData("1-02:03:04", 93_784.0)]
    public void Slurm_time_limits_are_read_in_every_form_sbatch_takes(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), BatchScript.ParseSlurmTime(text));

    [Theory]
    [InlineData("1h")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1:2:3:4")]
    [InlineData("x-01:00")]
    public void Other_time_texts_are_not_slurm_times(string text) => Assert.Null(BatchScript.ParseSlurmTime(text));

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
