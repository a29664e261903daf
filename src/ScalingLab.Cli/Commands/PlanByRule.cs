using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`plan --law RULE --budget C`: N and D from a published allocation rule; no loss of its own.</summary>
public static class PlanByRule
{
    public static int Run(CliContext ctx, AllocationRule rule, PlanRequest r, ScheduleRequest schedule, bool json)
    {
        if (r.Budget is not { } budget || r.Parameters is not null || r.Tokens is not null || r.TargetLoss is not null || r.Data is not null || r.Inference is not null)
            throw new InputException("--law", rule.Name, "an allocation rule answers --budget alone (it predicts no loss, so no --target-loss, --unique-tokens or --inference-tokens)");
        if (r.Convention != Compute.FlopConvention.SixN)
            throw new InputException("--flops-convention", r.Convention.Name(), "allocation rules are stated under C = 6ND (or C = M D for deepseek2024); expected sixN");
        var plan = RulePlanner.Plan(new RulePlanRequest(rule, budget, r.Law, r.Vocab, r.Context, r.AspectRatio, schedule));
        if (json) JsonOutput.Write(ctx.Out, ToJson(plan));
        else Render(ctx.Console, plan);
        return 0;
    }

    public static JsonObject ToJson(RulePlan p)
    {
        var s = p.Shape.Shape;
        var o = new JsonObject
        {
            ["question"] = p.Question, ["law"] = p.Rule.Name, ["kind"] = "allocationRule", ["form"] = p.Rule.Form,
            ["parameters"] = p.Parameters.Value, ["tokens"] = p.Tokens.Value, ["flops"] = p.Flops.Value,
            ["tokensPerParameter"] = p.TokensPerParameter, ["flopsPerTokenM"] = p.FlopsPerTokenM, ["loss"] = null,
            ["parameterCounting"] = p.Rule.ParameterCounting,
            ["reference"] = new JsonObject
            {
                ["law"] = p.ReferenceLaw.Name, ["lossAtRulePoint"] = p.ReferenceLossAtRulePoint.Value,
                ["optimum"] = new JsonObject
                {
                    ["parameters"] = p.ReferenceOptimum.Parameters.Value, ["tokens"] = p.ReferenceOptimum.Tokens.Value, ["loss"] = p.ReferenceOptimum.Loss.Value,
                },
            },
            ["shape"] = new JsonObject
            {
                ["layers"] = s.Layers, ["dModel"] = s.DModel, ["heads"] = s.Heads, ["headDim"] = s.HeadDim, ["ffn"] = s.FfnDim,
                ["vocab"] = s.Vocab, ["context"] = s.Context, ["parameters"] = p.Shape.Parameters, ["relativeError"] = p.Shape.RelativeError,
            },
            ["lawSource"] = JsonOutput.Source(p.Rule.Source),
            ["notes"] = p.Rule.Notes,
        };
        BeyondRendering.AddSchedule(o, p.Schedule);
        o["assumptions"] = new JsonArray(p.Assumptions.Select(x => (JsonNode)new JsonObject { ["what"] = x.What, ["source"] = x.Source }).ToArray());
        o["warnings"] = new JsonArray(p.Warnings.Select(x => (JsonNode)new JsonObject { ["code"] = x.Code, ["message"] = x.Message }).ToArray());
        return o;
    }

    private static void Render(IAnsiConsole console, RulePlan p)
    {
        console.WriteLine($"Plan: {p.Question}");
        console.WriteLine($"Rule: {p.Rule.Form}  ({p.Rule.Source})");
        var t = Tables.New("", "This rule", $"{p.ReferenceLaw.Name} optimum, same budget");
        t.Row("Parameters", p.Parameters + (p.Rule.ParameterCounting == "total" ? "" : $" ({p.Rule.ParameterCounting})"), p.ReferenceOptimum.Parameters.ToString());
        t.Row("Tokens", p.Tokens.ToString(), p.ReferenceOptimum.Tokens.ToString());
        t.Row("Tokens per parameter", QuantityFormat.Significant(p.TokensPerParameter, 3), QuantityFormat.Significant(p.ReferenceOptimum.TokensPerParameter, 3));
        if (p.FlopsPerTokenM is { } m) t.Row("Model scale M (FLOPs/token)", QuantityFormat.Scientific(m), "");
        t.Row("Training FLOPs", p.Flops.ToString(), p.ReferenceOptimum.Flops.ToString());
        t.Row("Loss", $"not predicted by the rule; {p.ReferenceLaw.Name} says {p.ReferenceLossAtRulePoint}", p.ReferenceOptimum.Loss.ToString());
        var s = p.Shape.Shape;
        t.Row("Suggested shape", $"{s.Layers} layers, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim}", "");
        console.Write(t);
        BeyondRendering.RenderSchedule(console, p.Schedule);
        Tables.Warnings(console, p.Warnings.Select(w => w.Message));
    }
}
