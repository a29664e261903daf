namespace ScalingLab.Cli.Tests.Export;

/// <summary>Plans an engine cannot run, and files that are no plan: exit 2, one line naming the flag.</summary>
public class ExportBadInputTests
{
    public static TheoryData<string> Engines => ["megatron", "torchtitan", "slurm"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_plan_without_hardware_asks_to_plan_again_with_gpus(string engine)
    {
        var r = CliRunner.Run("export", engine, "--plan", ExportPlans.NoHardware);
        r.AssertBadInput("--plan");
        Assert.Contains("re-run `scalinglab plan` with --gpus", r.Err);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_tpu_plan_is_not_a_gpu_engine_run(string engine)
    {
        var r = CliRunner.Run("export", engine, "--plan", ExportPlans.Tpu);
        r.AssertBadInput("--plan");
        Assert.Contains("NVIDIA or AMD GPUs", r.Err);
    }

    [Theory]
    [InlineData("megatron")]
    [InlineData("torchtitan")]
    public void A_multistep_schedule_is_refused_by_engines_without_one(string engine)
    {
        var r = CliRunner.Run("export", engine, "--plan", ExportPlans.MultiStep);
        r.AssertBadInput("--plan");
        Assert.Contains("multi-step", r.Err);
    }

    [Fact]
    public void Files_that_are_no_plan_are_refused()
    {
        var notJson = ExportPlans.TempFile("not-json.json");
        File.WriteAllText(notJson, "layers: 12");
        CliRunner.Run("export", "megatron", "--plan", notJson).AssertBadInput("--plan");
        CliRunner.Run("export", "megatron", "--plan", ExportPlans.TempFile("absent.json")).AssertBadInput("--plan");
        var vision = ExportPlans.Plan("vision", "--modality", "vision", "--budget", "1e21");
        CliRunner.Run("export", "megatron", "--plan", vision).AssertBadInput("--plan");
        var inconsistent = ExportPlans.WithLayout("too-few-devices", ExportPlans.Known, l => l["dataParallel"] = 8);
        CliRunner.Run("export", "megatron", "--plan", inconsistent).AssertBadInput("--plan");
    }

    [Fact]
    public void The_plan_is_never_overwritten()
    {
        var before = File.ReadAllText(ExportPlans.Known);
        CliRunner.Run("export", "slurm", "--plan", ExportPlans.Known, "--out", ExportPlans.Known).AssertBadInput("--out");
        Assert.Equal(before, File.ReadAllText(ExportPlans.Known));
    }

    [Fact]
    public void Plan_is_required_and_engines_are_named()
    {
        CliRunner.Run("export", "megatron").AssertBadInput("--plan");
        var r = CliRunner.Run("export", "megatrom", "--plan", ExportPlans.Known);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("did you mean megatron?", r.Err);
    }

    [Fact]
    public void Help_teaches_with_examples()
    {
        var r = CliRunner.Run("export", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("scalinglab export megatron --plan plan.json", r.Out);
        Assert.Contains("sagemaker", r.Out);
        Assert.Contains("--image", CliRunner.Run("export", "sagemaker", "--help").Out);
    }
}
