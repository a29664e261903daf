using ScalingLab.Launch;

namespace ScalingLab.Export;

/// <summary>Which engine a Slurm script launches.</summary>
public enum SlurmEngine { Torchtitan, Megatron }

/// <summary>A Slurm batch script for a plan, with the node split and time limit it asks for.</summary>
public sealed record SlurmLaunch(string Engine, string Script, NodeLayout Nodes, string TimeLimit, IReadOnlyList<string> Notes);

/// <summary>
/// The plan as a Slurm batch script: N nodes of G GPUs (<see cref="NodeLayout"/>), whole nodes
/// (--exclusive, all their memory), one task per node running torchrun with one process per GPU,
/// the nodes meeting at a c10d rendezvous on the first node of $SLURM_JOB_NODELIST; the time limit is
/// the plan's wall clock plus <see cref="TimeMargin"/>. The job runs torchtitan (the recipe written
/// into the script, so one file is the whole job) or Megatron-LM's pretrain_gpt.py; arguments given
/// to sbatch after the script's name are passed on to the engine (data, tokenizer, checkpoints).
/// </summary>
public static class SlurmExport
{
    /// <summary>The time limit asks for 10% more than the planned wall clock (start-up, checkpoints, a slower MFU).</summary>
    public const double TimeMargin = 0.10;

    public static SlurmLaunch Export(PlannedRun plan, SlurmEngine engine, int? gpusPerNode = null, string? jobName = null, string? partition = null, string parameter = "plan")
    {
        var nodes = NodeLayout.For(plan.Hardware, gpusPerNode);
        var notes = new List<string>();
        var endpoint = $"\"$head_node:{TorchtitanExport.RendezvousPort}\"";
        var commands = new List<string>
        {
            "# The first node of the allocation hosts the rendezvous.",
            "head_node=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)",
        };
        IReadOnlyList<string> program;
        string engineName;
        if (engine == SlurmEngine.Torchtitan)
        {
            var t = TorchtitanExport.Export(plan, gpusPerNode, TorchtitanExport.ModuleName, parameter);
            notes.AddRange(t.Notes.Where(n => !n.Contains("run_train.sh") && !n.StartsWith("save the recipe")));
            engineName = t.Engine;
            commands.Add("# The recipe, on a path every node sees (the submit directory).");
            commands.Add("recipe_dir=\"$SLURM_SUBMIT_DIR/scalinglab-$SLURM_JOB_ID\"");
            commands.Add("mkdir -p \"$recipe_dir\"");
            commands.Add($"cat > \"$recipe_dir/{t.Module}.py\" <<'RECIPE'\n{t.Recipe.TrimEnd('\n')}\nRECIPE");
            commands.Add("export PYTHONPATH=\"$recipe_dir${PYTHONPATH:+:$PYTHONPATH}\"");
            program = TorchtitanExport.Program(t.Module);
            notes.Add("submit from the torchtitan checkout (the recipe's tokenizer and data paths are relative to it), with torchtitan installed in the job's Python");
        }
        else
        {
            var m = MegatronExport.Export(plan, parameter);
            notes.AddRange(m.Notes);
            engineName = m.Engine;
            commands.Add($"cd \"${{MEGATRON_LM:?set MEGATRON_LM to a Megatron-LM checkout ({MegatronExport.Commit[..8]} or later)}}\"");
            program = ["pretrain_gpt.py", .. m.Arguments];
            notes.Add("give the data and tokenizer after the script's name: sbatch SCRIPT --data-path ... --tokenizer-type ... --tokenizer-model ...");
        }
        var torchrun = Torchrun.Command("\"$SLURM_NNODES\"", nodes.GpusPerNode, endpoint, program, "\"$SLURM_JOB_ID\"");
        commands.Add("# One torchrun per node with every CPU of the node; torchrun starts one process per GPU.");
        commands.Add("srun --ntasks-per-node=1 --cpus-per-task=\"$SLURM_CPUS_ON_NODE\" " + Lines(torchrun.Append("\"$@\"")));

        var limit = TimeSpan.FromSeconds(plan.Hardware.WallClockSeconds * (1 + TimeMargin));
        var script = new BatchScript(jobName ?? plan.JobName, nodes.Nodes, 1, commands)
        {
            GpusPerNode = nodes.GpusPerNode,
            Memory = "0",
            TimeLimit = limit,
            Output = "%x-%j.out",
            Partition = partition,
            Exclusive = true,
        };
        notes.Insert(0, $"{nodes.Nodes} nodes x {nodes.GpusPerNode} GPUs ({nodes.Basis}); time limit {BatchScript.SlurmTime(limit)}, the plan's wall clock plus {TimeMargin:0%}");
        return new SlurmLaunch(engineName, script.Render(), nodes, BatchScript.SlurmTime(limit), notes);
    }

    // A long command as shell lines: the launcher, then each flag with its value on a line of its own.
    private static string Lines(IEnumerable<string> words)
    {
        var lines = new List<string>();
        foreach (var w in words)
        {
            if (lines.Count == 0 || (w.StartsWith("--", StringComparison.Ordinal) || w == "-m" || w == "\"$@\"" || w.EndsWith(".py", StringComparison.Ordinal)))
                lines.Add(w);
            else lines[^1] += " " + w;
        }
        return string.Join(" \\\n    ", lines);
    }
}
