using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Laws;
using ScalingLab.Units;
using ScalingLab.Vision;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`plan --modality vision`: images seen, epochs and time for a ViT under a compute law.</summary>
public static class PlanVision
{
    /// <summary>The compute law a vision plan uses: the one named, or Cherti et al.'s OpenCLIP law when none is.</summary>
    public static SaturatingLaw LawFor(ResolvedLaw resolved, bool named, string field) => resolved switch
    {
        ResolvedLaw.ComputeOnly c => c.Law,
        _ when !named => ComputeLawCatalog.Default,
        _ => throw new InputException(field, resolved.Name, "a vision plan needs a compute law (" +
            string.Join(", ", ComputeLawCatalog.Presets.Select(d => d.Name)) + ") or a law file of family saturating"),
    };

    /// <summary>Runs the vision plan; the language-only options (and --unique-tokens, --inference-tokens and inference hardware) are refused, not ignored.</summary>
    public static int Run(CliContext ctx, ParseResult p, PlanBeyondOptions o, SaturatingLaw law, Flops? budget,
        IEnumerable<Option> languageOnly, bool json)
    {
        foreach (var option in languageOnly.Append(o.UniqueTokens).Append(o.InferenceTokens).Concat(o.Serving.All))
            if (p.GetResult(option) is { Implicit: false })
                throw new InputException(option.Name, "(given)", "a vision plan takes --budget, --gmacs or --target-error with --vit; this option is for language plans");
        if (p.GetResult(o.ImagesPerSecond) is not null && p.GetResult(o.Training.Mfu) is not null)
            throw new InputException(o.Training.Mfu.Name, p.GetValue(o.Training.Mfu)!, "--images-per-second is a measured throughput, which already fixes the utilisation; give one or the other");
        var shape = VitCatalog.Get(p.GetValue(o.Vit) ?? "B/16", o.Vit.Name).At(Options.Int(p, o.Resolution, 1, 100_000), classes: 0);
        var request = new VisionPlanRequest(law, shape,
            Options.Optional(p, o.Gmacs, (t, f) => QuantityParser.Positive(t, f, "expected total GMACs such as 1e11")),
            budget,
            Options.Optional(p, o.TargetError, (t, f) => QuantityParser.Positive(t, f, "expected an error such as 0.3")),
            Options.Optional(p, o.DatasetImages, (t, f) => QuantityParser.Tokens(t, f).Value),
            Options.Optional(p, o.ImagesPerSecond, (t, f) => QuantityParser.Positive(t, f, "expected images per second such as 12000")),
            o.Training.Resolve(p));
        var plan = VisionPlanner.Plan(request);
        if (json) JsonOutput.Write(ctx.Out, ToJson(plan));
        else Render(ctx.Console, plan);
        return 0;
    }

    public static JsonObject ToJson(VisionPlan p) => new()
    {
        ["question"] = p.Question, ["modality"] = "vision", ["law"] = p.Law.Name, ["metric"] = p.Law.Metric, ["error"] = p.Error,
        ["totalGmacs"] = p.TotalGmacs, ["flops"] = p.TrainingFlops.Value, ["imagesSeen"] = p.ImagesSeen, ["epochs"] = p.Epochs,
        ["seconds"] = p.Time?.Value, ["timeBasis"] = p.TimeBasis,
        ["acceleratorHours"] = p.Run?.AcceleratorHours, ["dollars"] = p.Run?.Cost?.Value, ["energyKwh"] = p.Run?.EnergyKwh, ["mfu"] = p.Run?.Mfu,
        ["vit"] = VitJson(p.Shape),
        ["lawSource"] = JsonOutput.Source(p.Law.Source),
        ["assumptions"] = new JsonArray(p.Assumptions.Select(x => (JsonNode)new JsonObject { ["what"] = x.What, ["source"] = x.Source }).ToArray()),
        ["warnings"] = new JsonArray(p.Warnings.Select(x => (JsonNode)new JsonObject { ["code"] = x.Code, ["message"] = x.Message }).ToArray()),
    };

    /// <summary>The ViT fields shared by `model --vit --json` and the vision plan.</summary>
    public static JsonObject VitJson(VitShape s) => new()
    {
        ["name"] = s.Name, ["resolution"] = s.Resolution, ["patch"] = s.Patch, ["width"] = s.Width, ["depth"] = s.Depth,
        ["mlp"] = s.Mlp, ["heads"] = s.Heads, ["classes"] = s.Classes,
        ["parameters"] = s.Parameters, ["tokensPerImage"] = s.TokensPerImage, ["gmacsPerImage"] = s.GmacsPerImage,
        ["forwardFlopsPerImage"] = 2 * s.MacsPerImage, ["trainingFlopsPerImage"] = s.TrainingFlopsPerImage,
    };

    private static void Render(IAnsiConsole console, VisionPlan p)
    {
        console.WriteLine($"Plan: {p.Question}");
        console.WriteLine($"Law: {p.Law.Name}  ({p.Law.Form}, {p.Law.Metric}; {p.Law.Source})");
        var t = Tables.New("", "Value");
        t.Row("Model", $"{p.Shape.Name} at {p.Shape.Resolution}px: {new Parameters(p.Shape.Parameters)} parameters, {p.Shape.TokensPerImage} tokens, {p.Shape.GmacsPerImage:0.##} GMACs per image");
        t.Row("Compute", $"{QuantityFormat.Scientific(p.TotalGmacs)} total GMACs = {p.TrainingFlops} training FLOPs");
        t.Row("Images seen", QuantityFormat.Count(p.ImagesSeen));
        if (p.Epochs is { } e) t.Row("Epochs of the dataset", QuantityFormat.Significant(e, 3));
        if (p.Time is { } time) t.Row("Time", $"{time} ({p.TimeBasis})");
        if (p.Run is { } run)
        {
            t.Row("Accelerator-hours", QuantityFormat.Count(run.AcceleratorHours));
            if (run.Cost is { } cost) t.Row("Cost", cost.ToString());
            if (run.EnergyKwh is { } kwh) t.Row("Energy", QuantityFormat.Count(kwh / 1000) + " MWh");
        }
        t.Row($"Predicted {p.Law.Metric}", p.Error.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(t);
        Tables.Warnings(console, p.Warnings.Select(w => w.Message));
    }
}
