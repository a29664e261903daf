using System.Text.Json.Nodes;
using ScalingLab.Hardware;

namespace ScalingLab.Cli.Tests.Export;

public class SageMakerExportTests
{
    private const string Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1";
    private const string Role = "arn:aws:iam::123456789012:role/Training";

    private static CliRunner.Result Run(string plan, params string[] extra) =>
        CliRunner.Run(["export", "sagemaker", "--plan", plan, "--image", Image, "--role", Role, "--output-s3", "s3://bucket/runs", .. extra]);

    [Fact]
    public void The_known_plan_is_one_job_on_32_p5_instances()
    {
        var r = Run(ExportPlans.Known, "--checkpoint-s3", "s3://bucket/ckpt");
        Assert.True(r.ExitCode == 0, r.Err);
        var job = r.Json.AsObject();
        Assert.Equal("scalinglab-39b", (string)job["TrainingJobName"]!);
        Assert.Equal(Image, (string)job["AlgorithmSpecification"]!["TrainingImage"]!);
        Assert.Equal(Role, (string)job["RoleArn"]!);
        Assert.Equal("s3://bucket/runs", (string)job["OutputDataConfig"]!["S3OutputPath"]!);
        Assert.Equal("ml.p5.48xlarge", (string)job["ResourceConfig"]!["InstanceType"]!);
        Assert.Equal(32, (int)job["ResourceConfig"]!["InstanceCount"]!);
        Assert.Equal(40, (int)job["ResourceConfig"]!["VolumeSizeInGB"]!);      // 2 x 16 B x 39.2B / 32 instances
        Assert.Equal(1_900_800, (long)job["StoppingCondition"]!["MaxRuntimeInSeconds"]!); // 20 days + 10%
        Assert.Equal("s3://bucket/ckpt", (string)job["CheckpointConfig"]!["S3Uri"]!);
        var hp = job["HyperParameters"]!.AsObject();
        Assert.Equal("59", (string)hp["layers"]!);
        Assert.Equal("62733", (string)hp["steps"]!);
        Assert.Equal("3", (string)hp["zero_stage"]!);
        Assert.All(hp, kv => Assert.Equal(System.Text.Json.JsonValueKind.String, kv.Value!.GetValueKind()));
    }

    [Fact]
    public void Every_key_is_a_create_training_job_member()
    {
        foreach (var r in new[] { Run(ExportPlans.Known, "--checkpoint-s3", "s3://b/c"), Run(ExportPlans.FortyDays, "--split", "--checkpoint-s3", "s3://b/c") })
        {
            Assert.True(r.ExitCode == 0, r.Err);
            var jobs = r.Json["jobs"] is JsonArray a ? a.Select(j => j!.AsObject()).ToList() : [r.Json.AsObject()];
            foreach (var job in jobs)
            {
                foreach (var path in Paths(job, ""))
                    Assert.True(EngineLists.SageMakerMembers.Contains(path), $"{path} is not a CreateTrainingJob member (data/engines/sagemaker-create-training-job.txt)");
                foreach (var required in new[] { "TrainingJobName", "AlgorithmSpecification", "RoleArn", "OutputDataConfig", "ResourceConfig", "StoppingCondition" })
                    Assert.True(job.ContainsKey(required), required);
                Assert.Contains("ResourceConfig.InstanceType=" + (string)job["ResourceConfig"]!["InstanceType"]!, EngineLists.SageMakerMembers);
                Assert.Matches("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", (string)job["TrainingJobName"]!);
                Assert.Matches(@"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$", (string)job["RoleArn"]!);
                var hp = job["HyperParameters"]!.AsObject();
                Assert.InRange(hp.Count, 1, 100);
                Assert.All(hp, kv => Assert.True(kv.Key.Length <= 256 && ((string)kv.Value!).Length <= 256));
                Assert.InRange((long)job["StoppingCondition"]!["MaxRuntimeInSeconds"]!, 1, 2_419_200);
            }
        }
    }

    [Fact]
    public void Every_catalog_instance_is_a_sagemaker_training_instance_type()
    {
        foreach (var instance in HardwareCatalog.Load(null).Instances)
            Assert.Contains($"ResourceConfig.InstanceType=ml.{instance.Name}", EngineLists.SageMakerMembers);
    }

    [Fact]
    public void A_run_over_28_days_needs_split_and_then_is_equal_resumable_parts()
    {
        var refused = Run(ExportPlans.FortyDays);
        refused.AssertBadInput("--plan");
        Assert.Contains("2 resumable jobs: add --split with --checkpoint-s3", refused.Err);
        Run(ExportPlans.FortyDays, "--split").AssertBadInput("--checkpoint-s3");

        var r = Run(ExportPlans.FortyDays, "--split", "--checkpoint-s3", "s3://bucket/ckpt");
        Assert.Equal(0, r.ExitCode);
        var jobs = r.Json["jobs"]!.AsArray();
        Assert.Equal(["scalinglab-27b-part-1", "scalinglab-27b-part-2"], jobs.Select(j => (string)j!["TrainingJobName"]!));
        Assert.All(jobs, j => Assert.Equal(1_900_800, (long)j!["StoppingCondition"]!["MaxRuntimeInSeconds"]!)); // 40 days + 10%, halved
        Assert.All(jobs, j => Assert.Equal("s3://bucket/ckpt", (string)j!["CheckpointConfig"]!["S3Uri"]!));
    }

    [Theory]
    [InlineData("--role", "--image", Image, "--output-s3", "s3://b/o")]
    [InlineData("--image", "--role", Role, "--output-s3", "s3://b/o")]
    [InlineData("--output-s3", "--image", Image, "--role", Role)]
    [InlineData("--role", "--image", Image, "--role", "admin", "--output-s3", "s3://b/o")]
    [InlineData("--output-s3", "--image", Image, "--role", Role, "--output-s3", "bucket/o")]
    [InlineData("--job-name", "--image", Image, "--role", Role, "--output-s3", "s3://b/o", "--job-name", "my_run")]
    public void Missing_or_malformed_settings_are_refused(string flag, params string[] args) =>
        CliRunner.Run(["export", "sagemaker", "--plan", ExportPlans.Known, .. args]).AssertBadInput(flag);

    [Fact]
    public void A_plan_without_an_instance_is_refused()
    {
        foreach (var plan in new[] { ExportPlans.NoInstance, ExportPlans.Tpu })
        {
            var r = Run(plan);
            r.AssertBadInput("--plan");
            Assert.Contains("--instance", r.Err);
        }
    }

    private static IEnumerable<string> Paths(JsonObject o, string prefix)
    {
        foreach (var (key, value) in o)
        {
            var path = prefix + key;
            yield return path;
            if (path == "HyperParameters") yield return "HyperParameters.KEY";
            else if (value is JsonObject child)
                foreach (var p in Paths(child, path + ".")) yield return p;
        }
    }
}
