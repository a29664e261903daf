using System.Text.Json.Nodes;
using ScalingLab.Allocation;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The plan's schedule, data and inference parts, as table rows and as JSON members.</summary>
public static class BeyondRendering
{
    /// <summary>Adds learningRate, batchTokens, steps (and the data/inference members) to a plan's JSON.</summary>
    public static void AddJson(JsonObject o, Plan plan)
    {
        if (plan.Schedule is { } s) AddSchedule(o, s);
        if (plan.Data is { } d)
            o["data"] = new JsonObject
            {
                ["uniqueTokens"] = d.UniqueTokens.Value, ["epochs"] = d.Epochs,
                ["effectiveTokens"] = d.EffectiveTokens.Value, ["effectiveParameters"] = d.EffectiveParameters.Value,
                ["uniqueParameters"] = d.UniqueParameters.Value,
                ["lossUnlimitedData"] = d.Unlimited.Loss.Value, ["lossPenalty"] = d.LossPenalty, ["lossFloor"] = d.LossFloor,
                ["budgetAtWarnEpochs"] = d.BudgetAtWarnEpochs.Value, ["warnEpochs"] = d.Law.Repetition.WarnEpochs,
                ["unlimited"] = new JsonObject { ["parameters"] = d.Unlimited.Parameters.Value, ["tokens"] = d.Unlimited.Tokens.Value },
                ["rdStar"] = d.Law.Repetition.RdStar, ["rnStar"] = d.Law.Repetition.RnStar,
                ["source"] = JsonOutput.Source(d.Law.Repetition.Source),
            };
        if (plan.Inference is { } i)
        {
            o["inferenceFlops"] = i.Chosen.InferenceFlops.Value;
            o["totalFlops"] = i.Chosen.TotalFlops.Value;
            var inf = new JsonObject
            {
                ["objective"] = i.Objective, ["inferenceTokens"] = i.InferenceTokens.Value,
                ["sizeRatio"] = i.SizeRatio, ["tokenRatio"] = i.TokenRatio, ["flopsSaved"] = i.FlopsSaved.Value,
                ["computeOptimal"] = Lifetime(i.ComputeOptimal),
            };
            if (i.Chosen.TotalDollars is { } total)
            {
                inf["trainingDollars"] = i.Chosen.TrainingDollars!.Value.Value;
                inf["inferenceDollars"] = i.Chosen.InferenceDollars!.Value.Value;
                inf["totalDollars"] = total.Value;
                inf["dollarsSaved"] = i.DollarsSaved!.Value.Value;
            }
            o["inference"] = inf;
        }
    }

    public static void AddSchedule(JsonObject o, TrainingSchedule s)
    {
        o["learningRate"] = s.PeakLearningRate;
        o["batchTokens"] = s.BatchTokens;
        o["steps"] = s.Steps;
        o["schedule"] = new JsonObject
        {
            ["rule"] = s.Rule.Name, ["kind"] = s.Kind.Name(), ["peakLearningRate"] = s.PeakLearningRate,
            ["finalLearningRate"] = s.FinalLearningRate, ["batchSequences"] = s.BatchSequences, ["context"] = s.Context,
            ["ruleBatchTokens"] = s.RuleBatchTokens, ["warmupSteps"] = s.WarmupSteps, ["scheduledTokens"] = s.ScheduledTokens,
            ["criticalBatchTokens"] = s.CriticalBatchTokens, ["ruleSource"] = JsonOutput.Source(s.Rule.Source),
            ["scheduleSource"] = JsonOutput.Source(s.ScheduleSource),
        };
    }

    private static JsonObject Lifetime(LifetimeCost c)
    {
        var o = new JsonObject
        {
            ["parameters"] = c.Training.Parameters.Value, ["tokens"] = c.Training.Tokens.Value,
            ["trainingFlops"] = c.Training.Flops.Value, ["inferenceFlops"] = c.InferenceFlops.Value, ["totalFlops"] = c.TotalFlops.Value,
        };
        if (c.TotalDollars is { } d) o["totalDollars"] = d.Value;
        return o;
    }

    /// <summary>The extra tables under the main plan table.</summary>
    public static void Render(IAnsiConsole console, Plan plan)
    {
        if (plan.Data is { } d)
        {
            var t = Tables.New("Limited data (Muennighoff 2023)", "This plan", "Unlimited fresh data, same budget");
            t.Row("Unique tokens", d.UniqueTokens.ToString(), "");
            t.Row("Epochs", QuantityFormat.Significant(d.Epochs, 3), QuantityFormat.Significant(d.Unlimited.Tokens.Value / d.UniqueTokens.Value, 3) + " (if the data existed)");
            t.Row("Parameters / tokens", $"{d.Allocation.Parameters} / {d.Allocation.Tokens}", $"{d.Unlimited.Parameters} / {d.Unlimited.Tokens}");
            t.Row("Effective tokens D'", $"{d.EffectiveTokens} ({d.EffectiveTokens.Value / d.Allocation.Tokens.Value:0.0%} of seen)", "");
            t.Row("Effective parameters N'", $"{d.EffectiveParameters} (U_N = {d.UniqueParameters})", "");
            t.Row("Loss", $"{d.Allocation.Loss} (+{d.LossPenalty:0.0000})", d.Unlimited.Loss.ToString());
            t.Row("Best loss with this data at any compute", d.LossFloor.ToString("0.0000"), "");
            t.Row($"Budget at which {d.Law.Repetition.WarnEpochs:0} epochs is optimal", d.BudgetAtWarnEpochs.ToString(), "");
            console.Write(t);
        }
        if (plan.Inference is { } i)
        {
            var c = i.ComputeOptimal;
            var t = Tables.New($"Lifetime, {i.InferenceTokens} inference tokens (Sardana 2024)", "Inference-aware", "Chinchilla-optimal, same loss");
            t.Row("Parameters", $"{i.Chosen.Training.Parameters} ({i.SizeRatio:0.00}x)", c.Training.Parameters.ToString());
            t.Row("Training tokens", $"{i.Chosen.Training.Tokens} ({i.TokenRatio:0.00}x)", c.Training.Tokens.ToString());
            t.Row("Tokens per parameter", QuantityFormat.Significant(i.Chosen.Training.TokensPerParameter, 3), QuantityFormat.Significant(c.Training.TokensPerParameter, 3));
            t.Row("Training FLOPs (6ND)", i.Chosen.Training.Flops.ToString(), c.Training.Flops.ToString());
            t.Row("Inference FLOPs (2NT)", i.Chosen.InferenceFlops.ToString(), c.InferenceFlops.ToString());
            t.Row("Total FLOPs", $"{i.Chosen.TotalFlops} (saves {i.FlopsSaved.Value / c.TotalFlops.Value:0.0%})", c.TotalFlops.ToString());
            if (i.Chosen.TotalDollars is { } dollars)
            {
                t.Row("Training / inference cost", $"{i.Chosen.TrainingDollars} / {i.Chosen.InferenceDollars}", $"{c.TrainingDollars} / {c.InferenceDollars}");
                t.Row("Total cost", $"{dollars} (saves {i.DollarsSaved})", c.TotalDollars.ToString()!);
            }
            console.Write(t);
        }
        if (plan.Schedule is { } s) RenderSchedule(console, s);
    }

    public static void RenderSchedule(IAnsiConsole console, TrainingSchedule s)
    {
        var t = Tables.New("Training schedule", "Value", "Source");
        t.Row("Peak learning rate", QuantityFormat.Scientific(s.PeakLearningRate), $"{s.Rule.Name}: {Short(s.Rule.Source.Paper)}");
        t.Row("Batch", $"{s.BatchSequences:N0} sequences x {s.Context} = {QuantityFormat.Count(s.BatchTokens)} tokens", $"rule gives {QuantityFormat.Count(s.RuleBatchTokens)} tokens");
        t.Row("Steps", $"{s.Steps:N0} (warm-up {s.WarmupSteps:N0})", Short(HyperparameterCatalog.Warmup.Source.Paper));
        t.Row("Decay", s.Kind == ScheduleKind.Cosine
            ? $"cosine to {QuantityFormat.Scientific(s.FinalLearningRate)} over all steps"
            : $"multistep: {string.Join(", ", s.Phases.Select(ph => $"{ph.Fraction:0.###}x until {ph.UntilTokenFraction:0%}"))}", Short(s.ScheduleSource.Paper));
        t.Row("Kaplan critical batch", $"{QuantityFormat.Count(s.CriticalBatchTokens)} tokens (at Kaplan loss {s.CriticalBatchLoss:0.###})", "Kaplan et al. 2020, Eq. 1.4");
        console.Write(t);
    }

    private static string Short(string paper) => paper.Split(',')[0];
}
