using System.Text.Json.Nodes;

namespace ScalingLab.Cli.Tests.Export;

/// <summary>Plan files for the export tests, each written once by the CLI itself (`plan ... --json`).</summary>
public static class ExportPlans
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("scalinglab-export-").FullName;
    private static readonly Dictionary<string, string> Written = [];

    /// <summary>The reference plan: 256 H100s of p5.48xlarge for 20 days (39B parameters, ZeRO-3 over 256 ranks).</summary>
    public static string Known => Plan("known", "--gpus", "256xH100", "--days", "20", "--instance", "p5.48xlarge");

    /// <summary>64 H100s for 40 days: a run longer than one SageMaker job.</summary>
    public static string FortyDays => Plan("forty-days", "--gpus", "64xH100", "--days", "40", "--instance", "p5.48xlarge");

    public static string NoInstance => Plan("no-instance", "--gpus", "256xH100", "--days", "20");
    public static string NoHardware => Plan("no-hardware", "--budget", "1e22");
    public static string Tpu => Plan("tpu", "--gpus", "256xTPU-v5p", "--days", "20");
    public static string MultiStep => Plan("multistep", "--gpus", "256xH100", "--days", "20", "--instance", "p5.48xlarge", "--schedule", "multistep");

    /// <summary>64 A100-40GB for 90 days: 50 layers, which a pipeline degree of 2 divides.</summary>
    public static string FiftyLayers => Plan("fifty-layers", "--gpus", "64xA100-40GB", "--days", "90");

    /// <summary>
    /// A plan with its layout changed by <paramref name="edit"/>: layouts the search does not prefer
    /// (it favours ZeRO-3 data parallelism) but that a plan can hold.
    /// </summary>
    public static string WithLayout(string name, string basePlan, Action<JsonObject> edit)
    {
        var source = File.ReadAllText(basePlan);
        lock (Written)
        {
            if (Written.TryGetValue(name, out var done)) return done;
            var plan = JsonNode.Parse(source)!.AsObject();
            edit(plan["hardware"]!["layout"]!["layout"]!.AsObject());
            return Written[name] = Save(name, plan.ToJsonString());
        }
    }

    /// <summary>Tensor-parallel 2 with sequence parallelism, ZeRO-1, full recomputation.</summary>
    public static string TensorParallel => WithLayout("tp2-zero1-full", Known, l =>
        { l["tensorParallel"] = 2; l["dataParallel"] = 128; l["zeroStage"] = 1; l["recompute"] = "full"; l["sequenceParallel"] = true; });
    /// <summary>Pipeline-parallel 2 over 50 layers, plain data parallelism, no recomputation.</summary>
    public static string PipelineParallel => WithLayout("pp2-zero0", FiftyLayers, l =>
        { l["pipelineParallel"] = 2; l["dataParallel"] = 32; l["zeroStage"] = 0; l["recompute"] = "none"; });
    public static string ZeroTwo => WithLayout("zero2", Known, l => l["zeroStage"] = 2);

    public static string Plan(string name, params string[] args)
    {
        lock (Written)
        {
            if (Written.TryGetValue(name, out var path)) return path;
            var r = CliRunner.Run(["plan", .. args, "--json"]);
            if (r.ExitCode != 0) throw new InvalidOperationException(r.Err);
            return Written[name] = Save(name, r.Out);
        }
    }

    public static string TempFile(string name) => Path.Combine(Folder, name);

    private static string Save(string name, string json)
    {
        var path = Path.Combine(Folder, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
