namespace ScalingLab.Cli.Tests;

public class HardwareCommandTests
{
    [Fact]
    public void Plan_with_a_cluster_and_a_clock_adds_the_contract_keys()
    {
        var r = CliRunner.Run("plan", "--gpus", "256xH100", "--days", "30", "--instance", "p5.48xlarge", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        // Issue 3: 256 * 989e12 * 30 * 86400 * 0.4 FLOPs at the default (Llama 3) MFU.
        Assert.Equal(1, (double)j["flops"]! / (256 * 989e12 * 30 * 86400 * 0.4), 9);
        Assert.Equal(30 * 86400, (double)j["seconds"]!, 3);
        Assert.Equal(256 * 720, (double)j["acceleratorHours"]!, 3);
        Assert.Equal(256 * 720 * 55.04 / 8, (double)j["dollars"]!, 3);      // GPUs x hours x price
        Assert.Equal(256 * 720 * 0.7 * 1.1, (double)j["energyKwh"]!, 3);    // TDP 700 W, default PUE 1.1
        Assert.Contains("Llama 3", (string)j["hardware"]!["mfuSource"]!);
        Assert.Equal(2, j["hardware"]!["mfuSensitivity"]!.AsArray().Count);
        Assert.True((bool)j["hardware"]!["fits"]!);
    }

    [Fact]
    public void Plan_with_a_bare_accelerator_name_prices_flops_without_a_clock()
    {
        // --gpus H100 (no count): accelerator-hours = C / (989e12 x 0.4) / 3600, cost at the given price, no wall clock or layout.
        var j = CliRunner.Run("plan", "--budget", "1e22", "--gpus", "H100", "--price-per-gpu-hour", "2", "--json").Json;
        var hours = (double)j["flops"]! / (989e12 * 0.4) / 3600;
        Assert.Equal(hours, (double)j["acceleratorHours"]!, 1e-6);
        Assert.Equal(hours * 2, (double)j["dollars"]!, 1e-6);
        Assert.Null(j["seconds"]);
        Assert.Null(j["hardware"]!["count"]);
        Assert.Null(j["hardware"]!["layout"]);
        // A duration needs the count.
        Assert.Equal(2, CliRunner.Run("plan", "--gpus", "H100", "--days", "30").ExitCode);
    }

    [Fact]
    public void Plan_table_shows_time_cost_energy_sensitivity_and_layout()
    {
        var r = CliRunner.Run("plan", "--gpus", "256xH100", "--days", "30", "--instance", "p5.48xlarge");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Wall clock", r.Out);
        Assert.Contains("30 d", r.Out);
        Assert.Contains("$1.27M", r.Out);            // 184,320 H100-hours x $6.88
        Assert.Contains("At 0.75x MFU", r.Out);
        Assert.Contains("40 d", r.Out);              // 30 d / 0.75
        Assert.Contains("Layout (fits)", r.Out);
    }

    [Fact]
    public void Plan_with_dollars_and_a_bare_count_uses_the_instance()
    {
        var r = CliRunner.Run("plan", "--dollars", "$1M", "--instance", "p4de.24xlarge", "--gpus", "64", "--mfu", "0.35", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        var hours = 1e6 / (27.45 / 8);
        Assert.Equal(hours, (double)j["acceleratorHours"]!, 3);
        Assert.Equal(1e6, (double)j["dollars"]!, 3);
        Assert.Equal(1, (double)j["flops"]! / (hours * 3600 * 312e12 * 0.35), 9);
        Assert.Equal(hours / 64 * 3600, (double)j["seconds"]!, 3);
        Assert.Equal("A100-80GB", (string)j["hardware"]!["accelerator"]!);
    }

    [Fact]
    public void Plan_with_hours_and_a_price_per_gpu_hour()
    {
        var r = CliRunner.Run("plan", "--gpus", "16xB200", "--hours", "36", "--price-per-gpu-hour", "6", "--pue", "1.58", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(16 * 36 * 6, (double)r.Json["dollars"]!, 6);
        Assert.Equal(16 * 36 * 1.0 * 1.58, (double)r.Json["energyKwh"]!, 6);
    }

    [Fact]
    public void A_budget_plan_on_a_cluster_gets_its_time_and_a_too_big_model_gets_the_largest_that_fits()
    {
        var r = CliRunner.Run("plan", "--budget", "1e23", "--gpus", "8xA100-40GB", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal(1e23 / (8 * 312e12 * 0.4), (double)j["seconds"]!, 0);
        Assert.False((bool)j["hardware"]!["fits"]!);
        var largest = j["hardware"]!["largestFitting"]!;
        Assert.True((double)largest["parameters"]! < (double)j["parameters"]!);
        Assert.True((double)largest["bytesPerDevice"]! <= 40e9);
        Assert.Equal(1e23, (double)j["largestFittingPlan"]!["flops"]!, 1e10);
        Assert.Contains(j["warnings"]!.AsArray(), w => (string)w!["code"]! == "does-not-fit");
    }

    [Fact]
    public void Plan_without_hardware_has_no_hardware_keys()
    {
        var j = CliRunner.Run("plan", "--budget", "1e21", "--json").Json;
        Assert.Null(j["seconds"]);
        Assert.Null(j["hardware"]);
    }

    [Theory]
    [InlineData("--gpus", "256xH1000", "close matches: H100-SXM")]
    [InlineData("--gpus", "256xA100", "A100-40GB")]
    [InlineData("--instance", "p5.48xlarg", "p5.48xlarge")]
    [InlineData("--mfu", "1.4", "from 0.001 to 1")]
    [InlineData("--days", "thirty", "duration")]
    public void Bad_hardware_input_is_one_line_and_exit_2(string option, string value, string hint)
    {
        var args = new List<string> { "plan", option, value };
        if (option != "--gpus") args.AddRange(["--gpus", "8xH100"]);
        if (option == "--mfu") args.AddRange(["--days", "3"]);
        var r = CliRunner.Run(args.ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: " + option, r.Err);
        Assert.Contains(hint, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Conflicting_budgets_are_refused()
    {
        Assert.Equal(2, CliRunner.Run("plan", "--budget", "1e23", "--gpus", "8xH100", "--days", "3").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", "--gpus", "8xH100", "--days", "3", "--hours", "5").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", "--dollars", "1M", "--instance", "p5e.48xlarge", "--gpus", "8").ExitCode); // price unknown
        Assert.Equal(2, CliRunner.Run("plan", "--gpus", "8xA100-40GB", "--instance", "p5.48xlarge", "--days", "1").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", "--budget", "1e21", "--mfu", "0.5").ExitCode);                               // MFU without hardware
    }

    [Fact]
    public void Hardware_json_is_an_array_with_names_and_dense_bf16()
    {
        var r = CliRunner.Run("hardware", "--json");
        Assert.Equal(0, r.ExitCode);
        var arr = r.Json.AsArray();
        var h100 = arr.Single(e => (string)e!["name"]! == "H100-SXM")!;
        Assert.Equal(989, (double)h100["bf16Tflops"]!);
        Assert.Equal(80, (double)h100["memoryGB"]!);
        Assert.NotNull(h100["source"]!["date"]);
        var p5 = arr.Single(e => (string)e!["name"]! == "p5.48xlarge")!;
        Assert.Equal(8 * 989, (double)p5["bf16Tflops"]!);
        Assert.Equal(55.04, (double)p5["onDemandDollarsPerHour"]!);
        Assert.All(arr, e => Assert.NotNull(e!["name"]));
    }

    [Fact]
    public void Hardware_table_lists_chips_instances_and_defaults()
    {
        var r = CliRunner.Run("hardware");
        Assert.Equal(0, r.ExitCode);
        foreach (var s in new[] { "MI300X", "TPU-v5p", "Trainium2", "trn2.48xlarge", "unknown", "MFU llama3-405b (default)", "PUE google-fleet (default)" })
            Assert.Contains(s, r.Out);
    }

    [Fact]
    public void Memory_reproduces_the_zero_paper_model_states()
    {
        // Rajbhandari et al. 2020: 7.5B, N_d = 64, ZeRO-1 -> 31.4 GB of model states.
        var r = CliRunner.Run("memory", "--params", "7.5B", "--dp", "64", "--zero", "1", "--json");
        Assert.Equal(0, r.ExitCode);
        var b = r.Json["breakdown"]!;
        var states = (double)b["weights"]! + (double)b["gradients"]! + (double)b["optimizerStates"]!;
        Assert.Equal(31.4, Math.Round(states / 1e9, 1));
        Assert.Equal(states + (double)b["activations"]!, (double)r.Json["bytesPerDevice"]!, 1);
    }

    [Fact]
    public void Memory_for_gpt3_175B_with_sequence_parallel_and_selective_recompute()
    {
        // Korthikanti et al. 2022 configuration (t 8, p 8): activations 96 layers x 4.25 sbh = 10.27 GB;
        // model states 175B/(8*8) x 16 B = 43.9 GB without ZeRO (N_d = 1).
        var r = CliRunner.Run("memory", "--layers", "96", "--d-model", "12288", "--heads", "96", "--vocab", "51200",
            "--tp", "8", "--pp", "8", "--recompute", "selective", "--sequence-parallel", "--gpus", "64xA100-80GB", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal(10.27, (double)j["breakdown"]!["activations"]! / 1e9, 2);
        var n = (double)j["parameters"]!;
        Assert.InRange(n, 174e9, 176e9);
        Assert.Equal(16 * n / 64, (double)j["breakdown"]!["weights"]! * 8, 1);
        Assert.Equal(1, (int)j["layout"]!["dataParallel"]!);
        Assert.True((bool)j["fits"]!);
    }

    [Fact]
    public void Memory_search_finds_a_layout_that_fits()
    {
        var r = CliRunner.Run("memory", "--params", "70B", "--gpus", "64xH100", "--search", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.True((bool)r.Json["fits"]!);
        Assert.True((double)r.Json["bytesPerDevice"]! <= 80e9);
        var l = r.Json["layout"]!;
        Assert.Equal(64, (int)l["tensorParallel"]! * (int)l["pipelineParallel"]! * (int)l["dataParallel"]!);
    }

    [Theory]
    [InlineData("--recompute", "some", "none, selective or full")]
    [InlineData("--zero", "4", "from 0 to 3")]
    [InlineData("--tp", "7", "divide")]
    public void Bad_memory_input_is_exit_2(string option, string value, string hint)
    {
        var r = CliRunner.Run("memory", "--layers", "24", "--d-model", "2048", "--heads", "16", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(hint, r.Err);
    }

    [Fact]
    public void Unknown_accelerator_exits_2_as_a_real_process()
    {
        var r = CliRunner.RunProcess("memory", "--params", "7B", "--gpus", "8xH1OO");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("close matches", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}

public class HardwareFileTests
{
    [Fact]
    public void Plan_uses_a_user_price_for_an_instance_the_catalog_has_none_for()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "instances": [ { "name": "p5e.48xlarge", "provider": "AWS", "accelerator": "H200", "acceleratorCount": 8,
                "onDemandDollarsPerHour": 80, "region": "us-east-1", "priceDate": "2026-11-27", "source": { "title": "our quote" } } ] }
            """);
        try
        {
            var r = CliRunner.Run("plan", "--dollars", "1M", "--instance", "p5e.48xlarge", "--gpus", "128", "--hardware-file", path, "--json");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(1e6 / 10, (double)r.Json["acceleratorHours"]!, 6);       // $80/h / 8 = $10 per H200-hour
            Assert.Equal(1, (double)r.Json["flops"]! / (1e5 * 3600 * 989e12 * 0.4), 9);
            Assert.Contains("our quote", (string)r.Json["hardware"]!["priceSource"]!);
            var listed = CliRunner.Run("hardware", "--hardware-file", path, "--json").Json.AsArray();
            Assert.Equal(80, (double)listed.Single(e => (string)e!["name"]! == "p5e.48xlarge")!["onDemandDollarsPerHour"]!);
        }
        finally { File.Delete(path); }
        Assert.Equal(2, CliRunner.Run("hardware", "--hardware-file", "/no/such.json").ExitCode);
    }
}
