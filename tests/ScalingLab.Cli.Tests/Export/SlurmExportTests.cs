using System.Text.RegularExpressions;

namespace ScalingLab.Cli.Tests.Export;

public class SlurmExportTests
{
    private static string Script(params string[] args)
    {
        var r = CliRunner.Run(["export", "slurm", .. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        return (string)r.Json["script"]!;
    }

    [Fact]
    public void The_known_plan_asks_for_32_nodes_of_8_gpus_for_22_days()
    {
        var script = Script("--plan", ExportPlans.Known);
        Assert.StartsWith("""
            #!/bin/bash
            #SBATCH --job-name=scalinglab-39b
            #SBATCH --nodes=32
            #SBATCH --ntasks-per-node=1
            #SBATCH --gpus-per-node=8
            #SBATCH --mem=0
            #SBATCH --time=22-00:00:00
            #SBATCH --output=%x-%j.out
            #SBATCH --exclusive
            set -euo pipefail

            """.ReplaceLineEndings("\n"), script);
        Assert.Contains("head_node=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\n", script);
        Assert.Contains("""
            srun --ntasks-per-node=1 --cpus-per-task="$SLURM_CPUS_ON_NODE" torchrun \
                --nnodes "$SLURM_NNODES" \
                --nproc-per-node 8 \
                --rdzv-id "$SLURM_JOB_ID" \
                --rdzv-backend c10d \
                --rdzv-endpoint "$head_node:29500" \
                -m torchtitan.train \
                --module scalinglab_plan \
                --config scalinglab_plan \
                "$@"
            """.ReplaceLineEndings("\n"), script);
        // The recipe travels inside the script, exactly as `export torchtitan` writes it.
        var recipe = (string)CliRunner.Run("export", "torchtitan", "--plan", ExportPlans.Known, "--json").Json["recipe"]!;
        Assert.Contains("<<'RECIPE'\n" + recipe.TrimEnd('\n') + "\nRECIPE\n", script);
    }

    [Fact]
    public void Megatron_jobs_run_pretrain_gpt_with_the_megatron_arguments()
    {
        var script = Script("--plan", ExportPlans.Known, "--engine", "megatron", "--partition", "gpu", "--job-name", "big-run");
        Assert.Contains("#SBATCH --job-name=big-run\n", script);
        Assert.Contains("#SBATCH --partition=gpu\n", script);
        Assert.Contains("cd \"${MEGATRON_LM:?", script);
        Assert.Contains("    pretrain_gpt.py \\\n    --num-layers 59 \\\n", script);
        var args = CliRunner.Run("export", "megatron", "--plan", ExportPlans.Known).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in args) Assert.Contains("    " + line + " \\\n", script);
    }

    [Fact]
    public void Every_sbatch_option_is_documented()
    {
        foreach (var script in new[] { Script("--plan", ExportPlans.Known, "--partition", "gpu"), Script("--plan", ExportPlans.Known, "--engine", "megatron") })
        {
            var options = Regex.Matches(script, @"^#SBATCH (--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.True(options.Count >= 8);
            foreach (var o in options) Assert.True(EngineLists.SbatchOptions.Contains(o), $"{o} is not in data/engines/sbatch-options.txt");
        }
    }

    [Fact]
    public void Gpus_per_node_sets_the_node_count()
    {
        var plan = ExportPlans.Plan("no-instance-16", "--gpus", "16xH100", "--days", "3");
        Assert.Contains("#SBATCH --nodes=2\n#SBATCH --ntasks-per-node=1\n#SBATCH --gpus-per-node=8\n", Script("--plan", plan));
        Assert.Contains("#SBATCH --nodes=4\n#SBATCH --ntasks-per-node=1\n#SBATCH --gpus-per-node=4\n", Script("--plan", plan, "--gpus-per-node", "4"));
        var r = CliRunner.Run("export", "slurm", "--plan", plan, "--gpus-per-node", "6");
        r.AssertBadInput("--gpus-per-node");
        Assert.Contains("not a whole number of 6-GPU nodes", r.Err);
    }
}
