namespace ScalingLab.Cli.Tests;

/// <summary>The beyond-Chinchilla options of plan, predict, model and laws, end to end.</summary>
public class BeyondChinchillaTests
{
    [Fact]
    public void Every_plan_json_carries_learning_rate_batch_and_steps()
    {
        var j = CliRunner.Run("plan", "--budget", "1e22", "--json").Json;
        Assert.True((double)j["learningRate"]! is > 1e-5 and < 1e-2);
        var batch = (double)j["batchTokens"]!;
        Assert.Equal(0, batch % 2048);                                      // whole sequences of the context
        var steps = (double)j["steps"]!;
        Assert.True(steps * batch >= (double)j["tokens"]! && (steps - 1) * batch < (double)j["tokens"]!);
        Assert.Equal("deepseek2024", (string)j["schedule"]!["rule"]!);
    }

    [Fact]
    public void Olmo_rule_and_multistep_schedule_are_options()
    {
        var j = CliRunner.Run("plan", "--budget", "1e22", "--hyperparameters", "olmo-ladder", "--schedule", "wsd", "--context", "4096", "--json").Json;
        Assert.Equal("olmo-ladder", (string)j["schedule"]!["rule"]!);
        Assert.Equal("multistep", (string)j["schedule"]!["kind"]!);
        Assert.Equal(0, (double)j["batchTokens"]! % 4096);
    }

    [Theory]
    [InlineData("1e12", 27.85e9, 3.471e12, 6.356e23)]   // docs/scaling-laws.md Sec. 5
    [InlineData("1e13", 17.42e9, 6.365e12, 1.013e24)]
    public void Inference_tokens_with_a_target_loss_reproduce_the_reference(string t, double n, double d, double total)
    {
        var j = CliRunner.Run("plan", "--target-loss", "1.93075", "--inference-tokens", t, "--law", "hoffmann2022", "--json").Json;
        Assert.Equal(n, (double)j["parameters"]!, 0.01e9);
        Assert.Equal(d, (double)j["tokens"]!, 0.001e12);
        Assert.Equal(total, (double)j["totalFlops"]!, total * 0.0005);
        Assert.Equal(2 * n * double.Parse(t, System.Globalization.CultureInfo.InvariantCulture), (double)j["inferenceFlops"]!, 2e-3 * n * 1e13);
        Assert.Equal(32.19e9, (double)j["inference"]!["computeOptimal"]!["parameters"]!, 0.01e9);
    }

    [Fact]
    public void Inference_tokens_with_a_budget_target_that_budgets_optimal_loss()
    {
        // 5.76e23 FLOPs is the budget whose optimal loss is 1.93075 under hoffmann2022 (docs/scaling-laws.md Sec. 2 and 5).
        var r = CliRunner.Run("plan", "--budget", "5.76e23", "--inference-tokens", "1e13", "--law", "hoffmann2022");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("17.4B (0.54x)", r.Out);
        Assert.Contains("compute-optimal loss of 5.76e23", r.Out);
    }

    [Fact]
    public void Dollar_objective_reports_costs_and_needs_both_prices()
    {
        // Training and inference both on the catalog's H100 (dense BF16 989 TFLOP/s, docs/scaling-laws.md Sec. 9) at $6.88/h.
        var j = CliRunner.Run("plan", "--target-loss", "1.93075", "--inference-tokens", "1e13", "--law", "hoffmann2022",
            "--gpus", "H100", "--mfu", "0.4", "--price-per-gpu-hour", "$6.88",
            "--inference-gpus", "H100", "--inference-mfu", "0.2", "--inference-price-per-gpu-hour", "$6.88", "--json").Json;
        Assert.Equal("dollars", (string)j["inference"]!["objective"]!);
        // Inference at half the utilisation costs twice as much per FLOP: the model shrinks further than 17.42B.
        Assert.True((double)j["parameters"]! < 17.42e9);
        Assert.True((double)j["inference"]!["dollarsSaved"]! > 0);
        // Training dollars = 6ND / (989e12 x 0.4) s x $6.88/h, and the hardware section prices the same run.
        var training = (double)j["inference"]!["trainingDollars"]!;
        Assert.Equal((double)j["flops"]! / (989e12 * 0.4) / 3600 * 6.88, training, 1e-6 * training);
        Assert.Equal((double)j["dollars"]!, training, 1e-6 * training);
        var bad = CliRunner.Run("plan", "--target-loss", "1.93075", "--inference-tokens", "1e13",
            "--gpus", "H100", "--price-per-gpu-hour", "$6.88", "--inference-gpus", "H100", "--inference-mfu", "0.2");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--inference-price-per-gpu-hour", bad.Err);
    }

    [Fact]
    public void Dollar_objective_takes_an_inference_instance_and_a_described_cpu_through_the_catalog()
    {
        // p4d.24xlarge: 8 x A100-40GB (dense BF16 312 TFLOP/s) at $21.96/h (instances.json, docs/scaling-laws.md Sec. 9);
        // training on a user-described CPU: 64 cores x 2 GHz x 32 FLOPs/cycle = 4.096 TFLOP/s.
        var j = CliRunner.Run("plan", "--target-loss", "1.93075", "--inference-tokens", "1e13", "--law", "hoffmann2022",
            "--gpus", "cpu:cores=64,ghz=2,flops-per-cycle=32", "--mfu", "0.5", "--price-per-gpu-hour", "1",
            "--inference-instance", "p4d.24xlarge", "--inference-mfu", "0.25", "--json").Json;
        var inf = j["inference"]!;
        var inferenceFlops = (double)j["inferenceFlops"]!;
        Assert.Equal(inferenceFlops / (312e12 * 0.25) / 3600 * (21.96 / 8), (double)inf["inferenceDollars"]!, 1e-6 * (double)inf["inferenceDollars"]!);
        Assert.Equal((double)j["flops"]! / (4.096e12 * 0.5) / 3600 * 1, (double)inf["trainingDollars"]!, 1e-6 * (double)inf["trainingDollars"]!);
        // Inference is about 1/6 the price per FLOP of training here, so the model sits between the FLOP optimum (17.4B) and Chinchilla (32.2B).
        Assert.InRange((double)j["parameters"]!, 17.5e9, 32.1e9);
    }

    [Fact]
    public void Unique_tokens_plan_repeats_epochs_reports_the_penalty_and_warns()
    {
        var r = CliRunner.Run("plan", "--budget", "1e23", "--unique-tokens", "100B", "--law", "muennighoff2023", "--json");
        Assert.Equal(0, r.ExitCode);
        var d = r.Json["data"]!;
        Assert.True((double)d["epochs"]! > 4);
        Assert.True((double)d["lossPenalty"]! > 0);
        Assert.True((double)d["effectiveTokens"]! < (double)r.Json["tokens"]!);
        Assert.Contains(r.Json["warnings"]!.AsArray(), w => (string)w!["code"]! == "repetition");
        var table = CliRunner.Run("plan", "--budget", "1e23", "--unique-tokens", "100B", "--law", "muennighoff2023");
        Assert.Contains("Limited data (Muennighoff 2023)", table.Out);
        Assert.Contains("warning: 7.2 epochs", table.Out);
    }

    [Fact]
    public void Predict_with_unique_tokens_gives_effective_tokens()
    {
        // 8 epochs: D'/D = 0.8280 (docs/scaling-laws.md Sec. 4).
        var j = CliRunner.Run("predict", "--law", "muennighoff2023", "--params", "8B", "--tokens", "800B", "--unique-tokens", "100B", "--json").Json;
        Assert.Equal(0.8280 * 800e9, (double)j["effectiveTokens"]!, 0.0001 * 800e9);
        Assert.Equal(8, (double)j["epochs"]!, 12);
        Assert.True((double)j["loss"]! > (double)j["lossFreshData"]!);
        var t = j["terms"]!;
        Assert.Equal((double)j["loss"]!, (double)t["irreducible"]! + (double)t["parameterTerm"]! + (double)t["dataTerm"]!, 12);
    }

    [Fact]
    public void Model_vit_json_has_the_contract_keys()
    {
        // Issue 5 / docs/scaling-laws.md Sec. 8: ViT-B/16 at 224 has 197 tokens, ~86M parameters, ~17.6 GMACs per image.
        var j = CliRunner.Run("model", "--vit", "B/16", "--json").Json;
        Assert.Equal(197, (int)j["tokensPerImage"]!);
        Assert.Equal(86.6e6, (double)j["parameters"]!, 0.1e6);
        Assert.Equal(17.6, (double)j["gmacsPerImage"]!, 0.05);
        var explicitShape = CliRunner.Run("model", "--vit", "--layers", "12", "--d-model", "768", "--heads", "12", "--patch", "16", "--json").Json;
        Assert.Equal((double)j["parameters"]!, (double)explicitShape["parameters"]!);
    }

    [Fact]
    public void Allocation_rules_plan_without_a_loss_of_their_own()
    {
        var j = CliRunner.Run("plan", "--law", "llama3-2024", "--budget", "3.8e25", "--json").Json;
        Assert.Null(j["loss"]);
        Assert.Equal(10.46e12, (double)j["tokens"]!, 0.01e12);   // 0.29 C^0.53, not the paper's 16.55T
        Assert.Contains(j["warnings"]!.AsArray(), w => (string)w!["code"]! == "rule-constants");
        // DeepSeek's rule (docs/scaling-laws.md Sec. 6): eta = 0.3118 C^-0.125 at the plan's own C = M D.
        var schedule = j["schedule"]!;
        Assert.Equal("deepseek2024", (string)schedule["rule"]!);
        Assert.Equal(0.3118 * Math.Pow((double)schedule["ruleInput"]!, -0.125), (double)j["learningRate"]!, 1e-9);
        Assert.Equal(3.8e25, (double)schedule["ruleInput"]!, 0.1e25);
        var a1 = CliRunner.Run("plan", "--law", "hoffmann2022-approach1", "--budget", "5.76e23", "--json").Json;
        Assert.Equal(67e9, (double)a1["parameters"]!, 1e3);     // Table 3 anchor
        var bad = CliRunner.Run("plan", "--law", "deepseek2024", "--target-loss", "2.0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--law", bad.Err);
    }

    [Fact]
    public void Vision_plan_answers_in_images_and_epochs()
    {
        var j = CliRunner.Run("plan", "--modality", "vision", "--vit", "B/16", "--gmacs", "1e11", "--dataset-images", "2B", "--images-per-second", "1e4", "--json").Json;
        var images = (double)j["imagesSeen"]!;
        Assert.Equal(1e11 / (double)j["vit"]!["gmacsPerImage"]!, images, 1);
        Assert.Equal(images / 2e9, (double)j["epochs"]!, 12);
        Assert.Equal(images / 1e4, (double)j["seconds"]!, 1e-3);
        Assert.Equal(5.86 * Math.Pow(1e11, -0.11), (double)j["error"]!, 12);   // Cherti et al. 2023 OpenCLIP
        Assert.Equal("cherti2023-openclip-imagenet", (string)j["law"]!);
    }

    [Fact]
    public void Vision_plan_prices_time_on_catalog_hardware()
    {
        // 256 x H100 (dense BF16 989 TFLOP/s, docs/scaling-laws.md Sec. 9) at MFU 0.4, $6.88 per accelerator-hour.
        var j = CliRunner.Run("plan", "--modality", "vision", "--vit", "L/14", "--gmacs", "3e12",
            "--gpus", "256xH100", "--mfu", "0.4", "--price-per-gpu-hour", "6.88", "--json").Json;
        var flops = (double)j["flops"]!;
        Assert.Equal(6e9 * 3e12, flops, 1e9);                                   // 6e9 training FLOPs per GMAC
        Assert.Equal(flops / (256 * 989e12 * 0.4), (double)j["seconds"]!, 1e-6);
        Assert.Equal(flops / (989e12 * 0.4) / 3600 * 6.88, (double)j["dollars"]!, 1e-6);
        // Two days on the same cluster is a budget: 256 x 2 x 86400 s x 989e12 x 0.4 FLOPs.
        var days = CliRunner.Run("plan", "--modality", "vision", "--vit", "L/14", "--gpus", "256xH100", "--days", "2", "--mfu", "0.4", "--json").Json;
        Assert.Equal(256 * 2 * 86400 * 989e12 * 0.4, (double)days["flops"]!, 1e9);
        Assert.Equal(2 * 86400, (double)days["seconds"]!, 1e-6);
        // A measured throughput on counted hardware gives the MFU: images x FLOPs per image / (time x GPUs x peak).
        var measured = CliRunner.Run("plan", "--modality", "vision", "--vit", "B/16", "--gmacs", "1e11", "--gpus", "8xH100", "--images-per-second", "12000", "--json").Json;
        Assert.Equal((double)measured["flops"]! / ((double)measured["seconds"]! * 8 * 989e12), (double)measured["mfu"]!, 1e-9);
    }

    [Fact]
    public void Laws_lists_rules_and_compute_laws_with_sources()
    {
        var arr = CliRunner.Run("laws", "--json").Json.AsArray();
        foreach (var name in new[] { "kaplan2020-frontier", "hoffmann2022-approach1", "hoffmann2022-approach2", "deepseek2024", "llama3-2024" })
            Assert.Contains(arr, l => (string)l!["name"]! == name && (string)l["kind"]! == "allocationRule");
        Assert.Contains(arr, l => (string)l!["name"]! == "cherti2023-openclip-imagenet" && (string)l["kind"]! == "compute");
        Assert.All(arr, l => Assert.False(string.IsNullOrEmpty((string?)l!["source"]!["paper"])));
    }

    [Theory]
    [InlineData("--unique-tokens", "plan", "--budget", "1e22", "--unique-tokens", "0")]
    [InlineData("--unique-tokens", "plan", "--params", "7B", "--unique-tokens", "100B")]
    [InlineData("--inference-tokens", "plan", "--params", "7B", "--inference-tokens", "1T")]
    [InlineData("--inference-tokens", "plan", "--budget", "1e22", "--inference-tokens", "1T", "--unique-tokens", "100B")]
    [InlineData("--law", "plan", "--budget", "1e22", "--unique-tokens", "100B", "--law", "kaplan2020")]
    [InlineData("--hyperparameters", "plan", "--budget", "1e22", "--hyperparameters", "adam")]
    [InlineData("--schedule", "plan", "--budget", "1e22", "--schedule", "linear")]
    [InlineData("--modality", "plan", "--budget", "1e22", "--modality", "audio")]
    [InlineData("--vit", "plan", "--modality", "vision", "--vit", "Q/16", "--gmacs", "1e10")]
    [InlineData("--target-error", "plan", "--modality", "vision", "--target-error", "abc")]
    [InlineData("--unique-tokens", "plan", "--modality", "vision", "--gmacs", "1e10", "--unique-tokens", "1B")]
    [InlineData("--params", "plan", "--law", "cherti2023-openai-imagenet", "--gmacs", "1e10", "--params", "1B")]
    [InlineData("--law", "plan", "--modality", "vision", "--law", "hoffmann2022", "--gmacs", "1e10")]
    [InlineData("--patch", "model", "--vit", "B/16", "--resolution", "225")]
    [InlineData("--layers", "model", "--vit")]
    [InlineData("--mfu", "plan", "--modality", "vision", "--gmacs", "1e10", "--gpus", "8xH100", "--mfu", "1.5")]
    [InlineData("--mfu", "plan", "--modality", "vision", "--gmacs", "1e10", "--gpus", "8xH100", "--mfu", "0.3", "--images-per-second", "1e4")]
    [InlineData("--gpus", "plan", "--modality", "vision", "--gmacs", "1e10", "--gpus", "H100", "--images-per-second", "1e4")]
    [InlineData("--inference-gpus", "plan", "--modality", "vision", "--gmacs", "1e10", "--inference-gpus", "H100")]
    [InlineData("--inference-mfu", "plan", "--target-loss", "1.93075", "--inference-tokens", "1T", "--gpus", "H100", "--price-per-gpu-hour", "2", "--inference-gpus", "H100", "--inference-price-per-gpu-hour", "2")]
    [InlineData("--inference-gpus", "plan", "--target-loss", "1.93075", "--inference-tokens", "1T", "--gpus", "H100", "--price-per-gpu-hour", "2", "--inference-gpus", "8xH100", "--inference-mfu", "0.2", "--inference-price-per-gpu-hour", "2")]
    [InlineData("--inference-gpus", "plan", "--target-loss", "1.93075", "--inference-tokens", "1T", "--gpus", "H100", "--price-per-gpu-hour", "2", "--inference-gpus", "H10", "--inference-mfu", "0.2")]
    [InlineData("--gpus", "plan", "--target-loss", "1.93075", "--inference-tokens", "1T", "--inference-gpus", "H100", "--inference-mfu", "0.2", "--inference-price-per-gpu-hour", "2")]
    [InlineData("--price-per-gpu-hour", "plan", "--target-loss", "1.93075", "--inference-tokens", "1T", "--gpus", "H100", "--inference-gpus", "H100", "--inference-mfu", "0.2", "--inference-price-per-gpu-hour", "2")]
    [InlineData("--inference-gpus", "plan", "--budget", "1e22", "--inference-gpus", "H100", "--inference-mfu", "0.2")]
    public void Bad_beyond_input_exits_2_naming_the_field(string field, params string[] args) =>
        CliRunner.Run(args).AssertBadInput(field);

    [Fact]
    public void Plan_help_teaches_the_new_options()
    {
        var r = CliRunner.Run("plan", "--help");
        Assert.Contains("--unique-tokens 100B", r.Out);
        Assert.Contains("--inference-tokens", r.Out);
        Assert.Contains("--modality vision", r.Out);
    }
}
