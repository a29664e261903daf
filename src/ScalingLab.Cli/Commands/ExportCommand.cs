using System.CommandLine;
using ScalingLab.Export;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab export ENGINE`: a plan with hardware as the launch configuration of the engine that runs it.</summary>
public static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("export", $"""
            Turn a plan (`scalinglab plan ... --gpus NxNAME --json`, with a parallel layout) into the launch
            configuration of the engine that runs it: shape, tokens, steps, learning-rate schedule, batch,
            precision and parallel layout. Engines (each checked against the engine's own option list):
              megatron     Megatron-LM pretrain_gpt.py arguments ({MegatronExport.Engine})
              torchtitan   a torchtitan recipe module and the command that runs it ({TorchtitanExport.Engine})
              slurm        a Slurm batch script running torchrun on every node (torchtitan or Megatron-LM)
              sagemaker    an Amazon SageMaker CreateTrainingJob request (JSON)
            Examples:
              scalinglab plan --gpus 256xH100 --days 20 --instance p5.48xlarge --json > plan.json
              scalinglab export megatron --plan plan.json
              scalinglab export torchtitan --plan plan.json --out scalinglab_plan.py
              scalinglab export slurm --plan plan.json --engine megatron --out train.sbatch
              scalinglab export sagemaker --plan plan.json --image URI --role ARN --output-s3 s3://bucket/out
            """);
        cmd.Add(Megatron(ctx));
        cmd.Add(Torchtitan(ctx));
        cmd.Add(Slurm(ctx));
        cmd.Add(SageMaker(ctx));
        return cmd;
    }

    private static Command Megatron(CliContext ctx)
    {
        var o = new ExportOptions();
        var cmd = new Command("megatron", $$"""
            Megatron-LM pretraining arguments for the plan ({{MegatronExport.Engine}}): one flag and its value a line,
            or with --json {"arguments": [...]} as argv tokens. Data, tokenizer and checkpoint flags are yours to add.
            Examples:
              scalinglab export megatron --plan plan.json
              torchrun ... pretrain_gpt.py $(scalinglab export megatron --plan plan.json) --data-path ...
            """);
        o.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var launch = MegatronExport.Export(o.Read(p));
            return o.Answer(ctx, p, launch, launch.Text, launch.Notes);
        });
        return cmd;
    }

    private static Command Torchtitan(CliContext ctx)
    {
        var o = new ExportOptions();
        var gpusPerNode = GpusPerNode();
        var cmd = new Command("torchtitan", $"""
            A torchtitan recipe module for the plan ({TorchtitanExport.Engine}): a function returning Trainer.Config,
            run with MODULE=NAME CONFIG=NAME ./run_train.sh (one node) or torchrun on each node. With --out
            NAME.py the module and function are called NAME.
            Examples:
              scalinglab export torchtitan --plan plan.json --out scalinglab_plan.py
              scalinglab export torchtitan --plan plan.json --json
            """);
        o.AddTo(cmd);
        cmd.Add(gpusPerNode);
        cmd.SetAction(p =>
        {
            var out_ = o.OutPath(p);
            var module = out_ is null ? TorchtitanExport.ModuleName : Path.GetFileNameWithoutExtension(out_);
            if (out_ is not null && !out_.EndsWith(".py", StringComparison.Ordinal))
                throw new Units.InputException("output", out_, "a recipe is a Python module: give a file name ending in .py");
            var launch = TorchtitanExport.Export(o.Read(p), NullIfDefault(p, gpusPerNode), module);
            return o.Answer(ctx, p, launch, launch.Recipe, launch.Notes.Prepend("run: " + launch.Command));
        });
        return cmd;
    }

    private static Command Slurm(CliContext ctx)
    {
        var o = new ExportOptions();
        var gpusPerNode = GpusPerNode();
        var engine = Options.Choice("--engine", "What the job runs: torchtitan (default; the recipe is written into the script) or megatron (pretrain_gpt.py from $MEGATRON_LM).",
            [("torchtitan", SlurmEngine.Torchtitan), ("megatron", SlurmEngine.Megatron)], SlurmEngine.Torchtitan);
        var jobName = new Option<string>("--job-name") { Description = "The job's name (default: scalinglab- and the model size).", HelpName = "NAME" };
        var partition = new Option<string>("--partition") { Description = "The partition to submit to (default: the cluster's).", HelpName = "NAME" };
        var cmd = new Command("slurm", $"""
            A Slurm batch script for the plan: nodes = the plan's GPUs / GPUs per node (--gpus-per-node, else the
            plan's instance's count, else {NodeLayout.ServerGpus}), whole nodes, one torchrun per node with a c10d rendezvous on the first
            node of $SLURM_JOB_NODELIST, and a time limit of the plan's wall clock plus {SlurmExport.TimeMargin:0%}. Arguments
            after the script's name at submission go to the engine.
            Examples:
              scalinglab export slurm --plan plan.json --out train.sbatch && sbatch train.sbatch
              scalinglab export slurm --plan plan.json --engine megatron --partition gpu --out train.sbatch
            """);
        o.AddTo(cmd);
        foreach (var option in new Option[] { engine, gpusPerNode, jobName, partition }) cmd.Add(option);
        cmd.SetAction(p =>
        {
            var launch = SlurmExport.Export(o.Read(p), p.GetValue(engine), NullIfDefault(p, gpusPerNode), OneLine(p, jobName), OneLine(p, partition));
            return o.Answer(ctx, p, launch, launch.Script, launch.Notes);
        });
        return cmd;
    }

    private static Command SageMaker(CliContext ctx)
    {
        var o = new ExportOptions();
        Option<string> Text(string name, string description, string helpName) => new(name) { Description = description, HelpName = helpName };
        var image = Text("--image", "Required: the training container image URI.", "URI");
        var role = Text("--role", "Required: the IAM role ARN SageMaker assumes.", "ARN");
        var output = Text("--output-s3", "Required: s3://bucket/prefix for the model artifacts.", "S3URI");
        var checkpoint = Text("--checkpoint-s3", "s3://bucket/prefix the job's /opt/ml/checkpoints syncs with (required with --split).", "S3URI");
        var jobName = Text("--job-name", "TrainingJobName (default: scalinglab- and the model size).", "NAME");
        var volume = Options.Int("--volume-gb", "VolumeSizeInGB (default: two checkpoints of an instance's share of the model states).", 1, 16384, helpName: "GB");
        var split = new Option<bool>("--split") { Description = $"Split a run longer than SageMaker's 28-day job limit into resumable jobs: {{\"jobs\": [...]}}." };
        var cmd = new Command("sagemaker", """
            An Amazon SageMaker CreateTrainingJob request for the plan (service model 2017-07-24): InstanceType ml. + the
            plan's instance, InstanceCount = GPUs / accelerators per instance, MaxRuntimeInSeconds = the plan's wall
            clock plus 10%, the plan's values as HyperParameters. A run over 28 days needs --split and --checkpoint-s3.
            Examples:
              scalinglab export sagemaker --plan plan.json --image 123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1 \
                --role arn:aws:iam::123456789012:role/Training --output-s3 s3://bucket/runs --out job.json
              aws sagemaker create-training-job --cli-input-json file://job.json
            """);
        o.AddTo(cmd);
        foreach (var option in new Option[] { image, role, output, checkpoint, jobName, volume, split }) cmd.Add(option);
        cmd.SetAction(p =>
        {
            var (request, notes) = SageMakerExport.Export(o.Read(p), new SageMakerOptions(p.GetValue(image), p.GetValue(role), p.GetValue(output),
                p.GetValue(checkpoint), p.GetValue(jobName), p.Given(volume) ? p.GetValue(volume) : null, p.GetValue(split)));
            var json = System.Text.Json.JsonSerializer.Serialize(request, request.GetType(), Serialization.ScalingLabJson.Options);
            return o.Answer(ctx, p, request, json, notes, notesInJson: false);
        });
        return cmd;
    }

    private static Option<int> GpusPerNode() =>
        Options.Int("--gpus-per-node", $"GPUs per node (default: the plan's instance's accelerators, else {NodeLayout.ServerGpus}).", 1, 1024, helpName: "G");

    private static int? NullIfDefault(ParseResult p, Option<int> option) => p.Given(option) ? p.GetValue(option) : null;

    // A value written into a script line: a line break (or any control character) would start a line of its own there.
    private static string? OneLine(ParseResult p, Option<string> option) =>
        p.GetValue(option) is { } v && v.Any(char.IsControl)
            ? throw new InputException(option.Name, v.Replace("\n", "\\n").Replace("\r", "\\r"), "expected one line of text (no line breaks or control characters)")
            : p.GetValue(option);
}
