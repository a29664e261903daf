using System.Text.Json.Nodes;

namespace ScalingLab.Cli.Tests.Export;

public class MegatronExportTests
{
    private static string[] Arguments(string plan)
    {
        var r = CliRunner.Run("export", "megatron", "--plan", plan, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        return r.Json["arguments"]!.AsArray().Select(a => (string)a!).ToArray();
    }

    [Fact]
    public void The_known_plan_gives_these_arguments()
    {
        // 39B, 59 layers x 7424, ZeRO-3 over 256 ranks: the plan's 5,787-sequence batch becomes 5,888 (23 x 256).
        Assert.Equal(
        [
            "--num-layers", "59", "--hidden-size", "7424", "--ffn-hidden-size", "29696", "--num-attention-heads", "58",
            "--kv-channels", "128", "--seq-length", "2048", "--max-position-embeddings", "2048", "--vocab-size", "32000",
            "--position-embedding-type", "learned_absolute",
            "--micro-batch-size", "1", "--global-batch-size", "5888", "--train-iters", "61657",
            "--lr", "3.858e-4", "--min-lr", "3.858e-5", "--lr-decay-style", "cosine", "--lr-warmup-iters", "2000", "--lr-decay-iters", "61657",
            "--bf16", "--tensor-model-parallel-size", "1", "--pipeline-model-parallel-size", "1",
            "--use-megatron-fsdp", "--data-parallel-sharding-strategy", "optim_grads_params", "--ckpt-format", "fsdp_dtensor",
            "--recompute-granularity", "selective",
        ], Arguments(ExportPlans.Known));
    }

    [Fact]
    public void Every_flag_is_one_megatron_accepts()
    {
        var plans = new[]
        {
            ExportPlans.Known,
            ExportPlans.TensorParallel, ExportPlans.PipelineParallel, ExportPlans.ZeroTwo,
        };
        foreach (var plan in plans)
            foreach (var flag in Arguments(plan).Where(a => a.StartsWith("--")))
                Assert.True(EngineLists.MegatronFlags.Contains(flag), $"{flag} is not in data/engines/megatron-flags.txt");
        Assert.Contains("d98e8a64", EngineLists.Header("megatron-flags.txt"));
    }

    [Fact]
    public void Layouts_map_to_megatron_parallelism()
    {
        var text = string.Join(" ", Arguments(ExportPlans.TensorParallel));
        Assert.Contains("--tensor-model-parallel-size 2 --pipeline-model-parallel-size 1 --sequence-parallel --use-distributed-optimizer", text);
        Assert.Contains("--recompute-granularity full --recompute-method uniform --recompute-num-layers 1", text);
        Assert.Contains("--data-parallel-sharding-strategy optim_grads ", string.Join(" ", Arguments(ExportPlans.ZeroTwo)) + " ");
        var pipelined = string.Join(" ", Arguments(ExportPlans.PipelineParallel));
        Assert.Contains("--pipeline-model-parallel-size 2", pipelined);
        Assert.DoesNotContain("--recompute", pipelined);
        Assert.DoesNotContain("--use-", pipelined);
    }

    [Fact]
    public void Text_output_is_one_flag_a_line_and_out_writes_the_same()
    {
        var printed = CliRunner.Run("export", "megatron", "--plan", ExportPlans.Known);
        Assert.Equal(0, printed.ExitCode);
        Assert.StartsWith("--num-layers 59\n--hidden-size 7424\n", printed.Out);
        Assert.Contains("note: global batch 5,787 -> 5,888 sequences", printed.Err);
        var file = ExportPlans.TempFile("megatron-args.txt");
        var written = CliRunner.Run("export", "megatron", "--plan", ExportPlans.Known, "--out", file);
        Assert.Equal(0, written.ExitCode);
        Assert.Equal(printed.Out, File.ReadAllText(file));
        Assert.Equal($"wrote {file}\n", written.Out);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, ".*.tmp"));
    }

    [Fact]
    public void A_pipeline_degree_that_does_not_divide_the_layers_is_refused()
    {
        var plan = ExportPlans.WithLayout("pp2-of-59", ExportPlans.Known, l => { l["pipelineParallel"] = 2; l["dataParallel"] = 128; });
        var r = CliRunner.Run("export", "megatron", "--plan", plan);
        r.AssertBadInput("--plan");
        Assert.Contains("59 layers", r.Err);
    }

    [Fact]
    public void Json_names_the_engine_version_and_notes()
    {
        var json = CliRunner.Run("export", "megatron", "--plan", ExportPlans.Known, "--json").Json.AsObject();
        Assert.Contains("d98e8a64", (string)json["engine"]!);
        Assert.Contains(json["notes"]!.AsArray(), n => ((string)n!).Contains("5,888"));
    }
}
