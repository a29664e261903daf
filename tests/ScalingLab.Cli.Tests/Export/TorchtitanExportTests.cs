namespace ScalingLab.Cli.Tests.Export;

public class TorchtitanExportTests
{
    private static (string Recipe, string Command, CliRunner.Result Result) Export(string plan, params string[] extra)
    {
        var r = CliRunner.Run(["export", "torchtitan", "--plan", plan, "--json", .. extra]);
        Assert.True(r.ExitCode == 0, r.Err);
        return ((string)r.Json["recipe"]!, (string)r.Json["command"]!, r);
    }

    [Fact]
    public void The_known_plan_gives_this_recipe_and_command()
    {
        var (recipe, command, _) = Export(ExportPlans.Known);
        Assert.Equal("torchrun --nnodes 32 --nproc-per-node 8 --rdzv-backend c10d --rdzv-endpoint $HEAD_NODE:29500 -m torchtitan.train --module scalinglab_plan --config scalinglab_plan", command);
        foreach (var line in new[]
                 {
                     "def scalinglab_plan() -> Trainer.Config:",
                     "        dim=7424,", "        vocab_size=32000,", "            n_layers=59,", "            n_heads=58,",
                     "            hidden_dim=19712,", "            rope=ComplexRoPE.Config(dim=128, max_context_length=2048),",
                     "    config.optimizer = default_adamw(lr=3.858e-4)",
                     "        warmup_steps=2000,", "        decay_type=\"cosine\",", "        min_lr_factor=0.1,",
                     "        num_tokens_per_microbatch_per_dp_rank=1 * 2048,", "        num_tokens_per_train_step=5888 * 2048,",
                     "        steps=61657,", "        mixed_precision_param=\"bfloat16\",",
                     "        data_parallel_replicate_degree=1,", "        data_parallel_shard_degree=256,", "        fsdp_reshard_after_forward=\"always\",",
                     "        tensor_parallel_degree=1,", "        pipeline_parallel_degree=1,",
                     "    config.activation_checkpoint = SelectiveAC.Config()",
                 })
            Assert.Contains(line + "\n", recipe);
    }

    [Fact]
    public void Every_name_field_and_parameter_is_one_torchtitan_has()
    {
        var known = EngineLists.TorchtitanEntries;
        foreach (var plan in new[] { ExportPlans.Known, ExportPlans.TensorParallel, ExportPlans.PipelineParallel, ExportPlans.ZeroTwo })
        {
            var (recipe, _, _) = Export(plan);
            var imports = PythonCalls.Imports(recipe).ToList();
            Assert.True(imports.Count >= 15, "the recipe's imports were not read");
            foreach (var (module, name) in imports)
                Assert.True(known.Contains($"name {module} {name}"), $"{module} has no {name} in data/engines/torchtitan-fields.txt");
            foreach (var attr in PythonCalls.ConfigAttributes(recipe))
                Assert.True(known.Contains($"field Trainer.Config {attr}"), $"Trainer.Config has no field {attr}");
            var keywords = PythonCalls.Keywords(recipe).ToList();
            Assert.True(keywords.Count >= 30, "the recipe's keyword arguments were not read");
            foreach (var (callee, keyword) in keywords)
            {
                var owner = callee == "dataclasses.replace" ? "ModelSpec" : callee;
                Assert.True(known.Contains($"field {owner} {keyword}") || known.Contains($"param {owner} {keyword}"),
                    $"{owner} takes no {keyword} (data/engines/torchtitan-fields.txt)");
            }
        }
        Assert.Contains("b5bcd76c", EngineLists.Header("torchtitan-fields.txt") + File.ReadLines(Repo.Path("data", "engines", "torchtitan-fields.txt")).Skip(1).First());
    }

    [Fact]
    public void Layouts_map_to_torchtitan_parallelism()
    {
        var (tp, _, _) = Export(ExportPlans.TensorParallel);
        Assert.Contains("tensor_parallel_degree=2,\n        enable_sequence_parallel=True,", tp);
        Assert.Contains("fsdp_reshard_after_forward=\"never\"", tp);
        Assert.Contains("config.activation_checkpoint = FullAC.Config()", tp);
        var (pp, _, _) = Export(ExportPlans.PipelineParallel);
        Assert.Contains("data_parallel_replicate_degree=32,\n        data_parallel_shard_degree=1,", pp);
        Assert.Contains("pipeline_parallel_degree=2,\n        num_pp_microbatches=", pp);
        Assert.Contains("disable_cuda_graphs=True", pp);
        Assert.Contains("config.activation_checkpoint = None", pp);
    }

    [Fact]
    public void Out_names_the_module_after_the_file()
    {
        var file = ExportPlans.TempFile("my_run.py");
        var r = CliRunner.Run("export", "torchtitan", "--plan", ExportPlans.Known, "--out", file);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("def my_run() -> Trainer.Config:", File.ReadAllText(file));
        Assert.Contains("note: run: torchrun --nnodes 32", r.Err);
        Assert.Contains("--module my_run --config my_run", r.Err);
        CliRunner.Run("export", "torchtitan", "--plan", ExportPlans.Known, "--out", ExportPlans.TempFile("my-run.py")).AssertBadInput("--out");
        CliRunner.Run("export", "torchtitan", "--plan", ExportPlans.Known, "--out", ExportPlans.TempFile("recipe.txt")).AssertBadInput("--out");
    }

    [Fact]
    public void One_node_runs_with_run_train_sh()
    {
        var plan = ExportPlans.Plan("eight-gpus", "--gpus", "8xH100", "--days", "2");
        var (_, command, _) = Export(plan);
        Assert.Equal("NGPU=8 MODULE=scalinglab_plan CONFIG=scalinglab_plan ./run_train.sh", command);
    }
}
