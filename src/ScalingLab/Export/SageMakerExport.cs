using System.Globalization;
using System.Text.RegularExpressions;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Export;

/// <summary>Where and as whom a SageMaker job runs: nothing here can be guessed, so each is asked for.</summary>
/// <param name="Image">The training container image URI (TrainingImage).</param>
/// <param name="Role">The IAM role ARN SageMaker assumes (RoleArn).</param>
/// <param name="OutputS3">s3://bucket/prefix for the model artifacts (OutputDataConfig.S3OutputPath).</param>
/// <param name="CheckpointS3">s3://bucket/prefix the job's /opt/ml/checkpoints is synced with, to resume.</param>
/// <param name="JobName">TrainingJobName (default: the plan's job name).</param>
/// <param name="VolumeGb">VolumeSizeInGB (default: two checkpoints of an instance's share of the model states).</param>
/// <param name="Split">Allow a run longer than one job into several resumable jobs.</param>
public sealed record SageMakerOptions(string? Image, string? Role, string? OutputS3, string? CheckpointS3 = null,
    string? JobName = null, int? VolumeGb = null, bool Split = false);

/// <summary>
/// The plan as SageMaker CreateTrainingJob requests (service model 2017-07-24, botocore 0e6e2404):
/// the plan's instance type and count, a MaxRuntimeInSeconds of the plan's wall clock plus 10%, and
/// the plan's values as HyperParameters (strings, as the API requires) for the container to read.
/// A job runs at most 28 days (<see cref="MaxRuntimeSeconds"/>); a longer run is refused unless split
/// into resumable jobs of equal length, named -part-1..k, sharing one checkpoint S3 URI.
/// </summary>
public static partial class SageMakerExport
{
    public const long MaxRuntimeSeconds = 2_419_200;
    public const double TimeMargin = 0.10;
    /// <summary>Mixed-precision Adam's model states per parameter (bf16 weights and gradients, fp32 master weights and two moments).</summary>
    public const double StateBytesPerParameter = 16;

    [GeneratedRegex(@"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")] private static partial Regex RoleArn();
    [GeneratedRegex(@"^s3://[^/\s]+(/\S*)?$")] private static partial Regex S3Uri();
    [GeneratedRegex(@"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")] private static partial Regex JobNamePattern();

    /// <summary>The request, or the series of requests when the run is split; the notes say what was chosen.</summary>
    public static (object Request, IReadOnlyList<string> Notes) Export(PlannedRun plan, SageMakerOptions o, string parameter = "plan")
    {
        var hw = plan.Hardware;
        if (hw.Instance is not { } instance || hw.AcceleratorsPerInstance is not { } perInstance)
            throw new InputException(parameter, hw.Accelerator, "SageMaker trains on instances, and this plan names none; re-run `scalinglab plan` with --instance (e.g. --instance p5.48xlarge --gpus 256)");
        if (hw.Count % perInstance != 0)
            throw new InputException(parameter, $"{hw.Count} x {hw.Accelerator}", $"{instance} has {perInstance} accelerators, which do not divide the plan's {hw.Count}");
        var image = Check(o.Image, "image", s => s.Length <= 255 && !s.Any(char.IsWhiteSpace), "a training container image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/train:latest");
        var role = Check(o.Role, "role", s => RoleArn().IsMatch(s), "an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerTraining");
        var output = Check(o.OutputS3, "outputS3", s => S3Uri().IsMatch(s), "an S3 URI such as s3://bucket/prefix");
        if (o.CheckpointS3 is not null) Check(o.CheckpointS3, "checkpointS3", s => S3Uri().IsMatch(s), "an S3 URI such as s3://bucket/checkpoints");
        var name = o.JobName ?? plan.JobName;
        if (!JobNamePattern().IsMatch(name) || (o.Split && name.Length > 63 - "-part-99".Length))
            throw new InputException("jobName", name, $"1 to {(o.Split ? 63 - "-part-99".Length : 63)} letters, digits and dashes, starting and ending with a letter or digit");
        if (o.VolumeGb is < 1) throw new InputException("volumeGb", o.VolumeGb.Value.ToString(), "expected a positive number of GB");

        var instances = hw.Count / perInstance;
        var volume = o.VolumeGb ?? (int)Math.Max(1, Math.Ceiling(2 * StateBytesPerParameter * plan.Parameters / instances / 1e9));
        var runtime = (long)Math.Ceiling(Math.Round(hw.WallClockSeconds * (1 + TimeMargin), 3));
        var parts = (int)Math.Ceiling((double)runtime / MaxRuntimeSeconds);
        var notes = new List<string>
        {
            $"{instances} x ml.{instance} ({perInstance} accelerators each); MaxRuntimeInSeconds {runtime:N0} is the plan's wall clock plus {TimeMargin:0%}",
            $"VolumeSizeInGB {volume}: " + (o.VolumeGb is null ? $"two checkpoints of an instance's share of the model states ({StateBytesPerParameter:0} bytes/parameter)" : "given") +
            "; on instances with NVMe storage SageMaker uses the instance storage instead",
        };
        if (parts > 1 && !o.Split)
            throw new InputException(parameter, $"{runtime / 86400.0:0.#} days",
                $"SageMaker stops a training job after at most 28 days ({MaxRuntimeSeconds:N0} s); this run needs {parts} resumable jobs: add --split with --checkpoint-s3");
        if (parts > 1 && o.CheckpointS3 is null)
            throw new InputException("checkpointS3", "(missing)", $"the {parts} jobs of a split run resume from checkpoints: give an S3 URI such as s3://bucket/checkpoints");

        TrainingJobRequest Job(string jobName, long seconds) => new(jobName, new AlgorithmSpecification(image, "File"), role,
            new OutputDataConfig(output), new ResourceConfig("ml." + instance, instances, volume), new StoppingCondition(seconds),
            o.CheckpointS3 is { } c ? new CheckpointConfig(c) : null, HyperParameters(plan));
        if (!o.Split) return (Job(name, runtime), notes);
        var each = (long)Math.Ceiling((double)runtime / parts);
        notes.Add($"{parts} job{(parts == 1 ? "" : "s")} of {each:N0} s run one after another, each resuming from the checkpoints under {o.CheckpointS3}: " +
                  "the program must save to /opt/ml/checkpoints before SageMaker stops it and resume from there");
        return (new TrainingJobSeries(Enumerable.Range(1, parts).Select(k => Job($"{name}-part-{k}", each)).ToList()), notes);
    }

    /// <summary>The plan's values, as strings: what the training container reads from hyperparameters.json.</summary>
    public static IReadOnlyDictionary<string, string> HyperParameters(PlannedRun plan)
    {
        var (s, sc, l) = (plan.Shape, plan.Schedule, plan.Hardware.Layout);
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["layers"] = I(s.Layers), ["d_model"] = I(s.DModel), ["heads"] = I(s.Heads), ["head_dim"] = I(s.HeadDim),
            ["ffn"] = I(s.FfnDim), ["vocab"] = I(s.Vocab), ["context"] = I(sc.Context), ["mlp"] = s.Mlp.ToString().ToLowerInvariant(),
            ["positions"] = s.Positions.ToString().ToLowerInvariant(), ["tied_embeddings"] = s.TiedEmbeddings ? "true" : "false",
            ["biases"] = s.Biases ? "true" : "false",
            ["tokens"] = I((long)Math.Round(plan.Tokens)), ["steps"] = I(sc.Steps), ["global_batch_sequences"] = I(sc.BatchSequences),
            ["micro_batch"] = I(l.MicroBatch), ["learning_rate"] = R(sc.PeakLearningRate), ["final_learning_rate"] = R(sc.FinalLearningRate),
            ["warmup_steps"] = I(sc.WarmupSteps), ["lr_schedule"] = sc.Kind.ToString().ToLowerInvariant(), ["precision"] = plan.Hardware.Precision.Key(),
            ["tensor_parallel"] = I(l.Tensor), ["pipeline_parallel"] = I(l.Pipeline), ["data_parallel"] = I(l.Data),
            ["zero_stage"] = I(l.ZeroStage), ["recompute"] = l.Recompute.Key(), ["sequence_parallel"] = l.SequenceParallel ? "true" : "false",
        };
    }

    private static string Check(string? value, string parameter, Func<string, bool> valid, string allowed) =>
        value is null ? throw new InputException(parameter, "(missing)", "required: " + allowed)
        : valid(value.Trim()) ? value.Trim() : throw new InputException(parameter, value, "expected " + allowed);
}
