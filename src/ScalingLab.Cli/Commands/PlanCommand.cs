using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab plan`: how big, how many tokens, what loss.</summary>
public static class PlanCommand
{
    public static Command Create(CliContext ctx)
    {
        var budget = Options.Budget();
        var pars = Options.Params("Fix the model size: 7B, 350M. Alone: the compute-optimal tokens for it.");
        var tokens = Options.Tokens("Fix the training tokens: 1.4T. Alone: the compute-optimal size for them.");
        var target = new Option<string>("--target-loss") { Description = "The loss to reach (nats/token): the cheapest (N, D) that gets there.", HelpName = "LOSS" };
        var law = Options.Law();
        var conv = Options.Convention();
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size for the suggested shape.", DefaultValueFactory = _ => 32000 };
        var context = new Option<int>("--context") { Description = "Context length for the suggested shape and shape-dependent FLOP conventions.", DefaultValueFactory = _ => 2048 };
        var aspect = new Option<double>("--aspect-ratio") { Description = "Target width/depth (d_model / layers) for the suggested shape.", DefaultValueFactory = _ => ShapeSearch.DefaultAspectRatio };
        var json = Options.Json();
        var hardware = new HardwareOptions();
        var beyond = new PlanBeyondOptions(hardware);

        var cmd = new Command("plan", """
            Solve for the model size, training tokens and loss. Give one of:
              --budget C         compute-optimal N and D for C FLOPs
              --params N         compute-optimal tokens for a model of N parameters
              --tokens D         compute-optimal size for D tokens
              --target-loss L    the cheapest (N, D) reaching loss L (add --params to fix N)
            or two of --budget/--params/--tokens to pin the point.
            Hardware: --gpus 256xH100 with --days/--hours (or --dollars and a price) is a budget;
            with any question it adds time, accelerator-hours, cost, energy, MFU sensitivity and
            a parallel layout that fits (or the largest model that does).
            Examples:
              scalinglab plan --budget 5.76e23
              scalinglab plan --params 7B --law hoffmann2022
              scalinglab plan --target-loss 2.1 --json
              scalinglab plan --gpus 256xH100 --days 30 --instance p5.48xlarge
              scalinglab plan --dollars 1M --instance p4de.24xlarge --gpus 64 --mfu 0.35
              scalinglab plan --budget 1e23 --gpus 64xA100-80GB --price-per-gpu-hour 2.5
            Beyond compute-optimal:
              scalinglab plan --budget 1e23 --unique-tokens 100B --law muennighoff2023   (repeat epochs)
              scalinglab plan --target-loss 1.93075 --inference-tokens 1e13 --law hoffmann2022
              scalinglab plan --law llama3-2024 --budget 3.8e25      (an allocation rule: N and D, no loss)
              scalinglab plan --modality vision --vit L/14 --gmacs 3e12 --dataset-images 2B
            """)
        { budget, pars, tokens, target, law, conv, vocab, context, aspect, json };
        foreach (var o in hardware.All) cmd.Add(o);
        beyond.AddTo(cmd);

        cmd.SetAction(p =>
        {
            var resolved = LawResolver.Resolve(p.GetValue(law) ?? LawCatalog.DefaultName, law.Name);
            if (beyond.IsVision(p) || resolved is ResolvedLaw.ComputeOnly)
                return PlanVision.Run(ctx, p, beyond, PlanVision.LawFor(resolved, p.GetResult(law) is { Implicit: false }, law.Name),
                    Options.Optional(p, budget, QuantityParser.Flops), [pars, tokens, target, conv], p.GetValue(json));
            var hw = hardware.Resolve(p);
            var request = new PlanRequest(
                (resolved as ResolvedLaw.LossLaw)?.Law ?? LawCatalog.Default,
                Options.Optional(p, budget, QuantityParser.Flops),
                Options.Optional(p, pars, QuantityParser.Parameters),
                Options.Optional(p, tokens, QuantityParser.Tokens),
                Options.Optional(p, target, Options.Loss),
                Options.ResolveConvention(p, conv),
                Options.Int(p, vocab, 1, 10_000_000),
                Options.Int(p, context, 1, 10_000_000),
                Options.Positive(p, aspect),
                hw)
            {
                Data = beyond.Data(p), Inference = beyond.Inference(p, hw), Schedule = beyond.ScheduleRequest(p),
            };
            if (resolved is ResolvedLaw.Rule rule) return PlanByRule.Run(ctx, rule.Allocation, request, request.Schedule!, p.GetValue(json));
            var plan = Planner.Plan(request);
            if (p.GetValue(json)) JsonOutput.Write(ctx.Out, ToJson(plan));
            else Render(ctx.Console, plan);
            return 0;
        });
        return cmd;
    }

    public static JsonObject ToJson(Plan plan)
    {
        var a = plan.Allocation;
        var s = plan.Shape.Shape;
        var json = new JsonObject
        {
            ["question"] = plan.Question,
            ["law"] = plan.Law.Name,
            ["flopConvention"] = a.Convention.Name(),
            ["method"] = a.Method.ToString(),
            ["parameters"] = a.Parameters.Value,
            ["tokens"] = a.Tokens.Value,
            ["flops"] = a.Flops.Value,
            ["tokensPerParameter"] = a.TokensPerParameter,
            ["loss"] = a.Loss.Value,
            ["shape"] = new JsonObject
            {
                ["layers"] = s.Layers, ["dModel"] = s.DModel, ["heads"] = s.Heads, ["headDim"] = s.HeadDim,
                ["ffn"] = s.FfnDim, ["vocab"] = s.Vocab, ["context"] = s.Context,
                ["parameters"] = plan.Shape.Parameters, ["relativeError"] = plan.Shape.RelativeError,
                ["exactFlopsPerToken"] = plan.ShapeExactFlopsPerToken,
            },
            ["kaplan"] = new JsonObject
            {
                ["parameters"] = plan.Kaplan.Parameters.Value,
                ["tokens"] = plan.Kaplan.Tokens.Value,
                ["frontierTokens"] = plan.Kaplan.FrontierTokens.Value,
                ["tokensPerParameter"] = plan.Kaplan.TokensPerParameter,
                ["lossUnderLaw"] = plan.Kaplan.LossUnderLaw.Value,
            },
            ["intervals"] = Intervals(plan) is { } iv ? new JsonObject
            {
                ["parameters"] = new JsonArray(iv.Parameters.Low, iv.Parameters.High),
                ["tokens"] = new JsonArray(iv.Tokens.Low, iv.Tokens.High),
                ["tokensPerParameter"] = new JsonArray(iv.TokensPerParameter.Low, iv.TokensPerParameter.High),
                ["loss"] = new JsonArray(iv.Loss.Low, iv.Loss.High),
                ["confidence"] = iv.Confidence, ["samples"] = iv.Samples,
                ["method"] = IntervalMethod,
            } : null,
            ["lawSource"] = JsonOutput.Source(plan.Law.Source),
            ["assumptions"] = new JsonArray(plan.Assumptions.Select(x => (JsonNode)new JsonObject { ["what"] = x.What, ["source"] = x.Source }).ToArray()),
            ["warnings"] = new JsonArray(plan.Warnings.Select(x => (JsonNode)new JsonObject { ["code"] = x.Code, ["message"] = x.Message }).ToArray()),
        };
        HardwareRendering.AddJson(json, plan.Hardware);
        BeyondRendering.AddJson(json, plan);
        return json;
    }

    private const string IntervalMethod = "bootstrap samples of the law: compute-optimal N and D under each sample at C = 6ND, and each sample's loss at this plan's (N, D)";

    /// <summary>Intervals when the law file carries bootstrap samples (written by `fit --bootstrap R --out`).</summary>
    private static Allocation.AllocationIntervals? Intervals(Plan plan) =>
        plan.Law is Laws.ChinchillaLaw c ? Allocation.AllocationIntervals.For(c, plan.Allocation.Parameters, plan.Allocation.Tokens) : null;

    private static void Render(IAnsiConsole console, Plan plan)
    {
        var a = plan.Allocation;
        var k = plan.Kaplan;
        console.WriteLine($"Plan: {plan.Question}");
        console.WriteLine($"Law: {plan.Law.Name}  ({plan.Law.Form}; {plan.Law.Source.Short})");
        console.WriteLine($"FLOPs: {a.Convention.Name()}  ({a.Convention.Describe()})");
        var t = Tables.New("", "This plan", "Kaplan 2020 frontier, same budget");
        t.Row("Parameters", a.Parameters.ToString(), k.Parameters + " (non-embedding)");
        t.Row("Tokens", a.Tokens.ToString(), k.Tokens + " (= C / 6N)");
        t.Row("Tokens per parameter", QuantityFormat.Significant(a.TokensPerParameter, 3), QuantityFormat.Significant(k.TokensPerParameter, 3));
        t.Row("Training FLOPs", a.Flops + $" ({QuantityFormat.Significant(a.Flops.PetaflopDays, 3)} PF-days)", a.Flops.ToString());
        t.Row($"Loss ({plan.Law.Name})", a.Loss.ToString(), k.LossUnderLaw + $" (+{k.LossUnderLaw.Value - a.Loss.Value:0.0000})");
        var s = plan.Shape.Shape;
        t.Row("Suggested shape", $"{s.Layers} layers, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim}", "");
        t.Row("Shape parameters", $"{new Parameters(plan.Shape.Parameters)} ({plan.Shape.RelativeError:+0.0%;-0.0%}), vocab {s.Vocab}, context {s.Context}", "");
        t.Row("Exact FLOPs/token", $"{QuantityFormat.Scientific(plan.ShapeExactFlopsPerToken)} = {plan.ShapeExactFlopsPerToken / (6 * plan.Shape.Parameters):0.00} x 6N (App. F)", "");
        console.Write(t);
        if (Intervals(plan) is { } iv)
            console.WriteLine($"{iv.Confidence:0%} intervals from {iv.Samples} bootstrap samples of {plan.Law.Name}: compute-optimal N [{new Parameters(iv.Parameters.Low)}, {new Parameters(iv.Parameters.High)}], "
                + $"D [{new Tokens(iv.Tokens.Low)}, {new Tokens(iv.Tokens.High)}], tokens/parameter [{QuantityFormat.Significant(iv.TokensPerParameter.Low, 3)}, {QuantityFormat.Significant(iv.TokensPerParameter.High, 3)}], "
                + $"loss at this (N, D) [{new Loss(iv.Loss.Low)}, {new Loss(iv.Loss.High)}]");
        HardwareRendering.Render(console, plan.Hardware);
        BeyondRendering.Render(console, plan);
        Tables.Warnings(console, plan.Warnings.Select(w => w.Message));
    }
}
