using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;
using ScalingLab.Vision;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The tables of a plan (language or vision): the answer beside Kaplan's, the constraint, the schedule, the hardware, the warnings.</summary>
public static class PlanRendering
{
    public static void Render(CliContext ctx, PlanResult result)
    {
        switch (result)
        {
            case Plan plan: Language(ctx, plan); break;
            case VisionPlan vision: Vision(ctx, vision); break;
        }
        foreach (var w in result.Warnings) ctx.Console.WriteLine("warning: " + ctx.Flags.Expand(w.Message));
    }

    private static void Language(CliContext ctx, Plan plan)
    {
        var console = ctx.Console;
        console.WriteLine($"Plan: {plan.Question}");
        if (plan.Rule is { } rule)
        {
            console.WriteLine($"Rule: {rule.Rule.Form}  ({rule.Rule.Source})");
            RuleTable(console, plan, rule);
        }
        else
        {
            console.WriteLine($"Law: {plan.Law.Name}  ({plan.Law.Form}; {plan.Law.Source.Short})");
            console.WriteLine($"FLOPs: {plan.FlopConvention.Name()}  ({plan.FlopConvention.Describe()})");
            AnswerTable(console, plan);
        }
        if (plan.Intervals is { } iv)
            console.WriteLine($"{iv.Confidence:0%} intervals from {iv.Samples} bootstrap samples of {plan.Law.Name}: compute-optimal N [{new Parameters(iv.Parameters.Low)}, {new Parameters(iv.Parameters.High)}], "
                + $"D [{new Tokens(iv.Tokens.Low)}, {new Tokens(iv.Tokens.High)}], tokens/parameter [{QuantityFormat.Significant(iv.TokensPerParameter.Low, 3)}, {QuantityFormat.Significant(iv.TokensPerParameter.High, 3)}], "
                + $"loss at this (N, D) [{new Loss(iv.Loss.Low)}, {new Loss(iv.Loss.High)}]");
        if (plan.Hardware is { } hw) HardwareRendering.Render(ctx, hw, plan.LargestFittingPlan);
        if (plan.Data is { } d) DataTable(console, d);
        if (plan.Inference is { } i) InferenceTable(console, i);
        ScheduleTable(console, plan.Schedule);
    }

    private static void AnswerTable(IAnsiConsole console, Plan plan)
    {
        var a = plan.Allocation;
        var k = plan.Kaplan!;
        var t = Tables.New("", "This plan", "Kaplan 2020 frontier, same budget");
        t.Row("Parameters", a.Parameters.ToString(), k.Parameters + " (non-embedding)");
        t.Row("Tokens", a.Tokens.ToString(), k.Tokens + " (= C / 6N)");
        t.Row("Tokens per parameter", QuantityFormat.Significant(a.TokensPerParameter, 3), QuantityFormat.Significant(k.TokensPerParameter, 3));
        t.Row("Training FLOPs", a.Flops + $" ({QuantityFormat.Significant(a.Flops.PetaflopDays, 3)} PF-days)", a.Flops.ToString());
        t.Row($"Loss ({plan.Law.Name})", a.Loss.ToString(), k.LossUnderLaw + $" (+{k.LossUnderLaw - a.Loss:0.0000})");
        ShapeRows(t, plan, withCount: true);
        t.Row("Exact FLOPs/token", $"{QuantityFormat.Scientific(plan.ExactFlopsPerToken)} = {plan.ExactFlopsPerToken / (6 * plan.Shape.Parameters):0.00} x 6N (App. F)", "");
        console.Write(t);
    }

    private static void RuleTable(IAnsiConsole console, Plan plan, RuleAllocation rule)
    {
        var a = plan.Allocation;
        var opt = rule.ReferenceOptimum;
        var t = Tables.New("", "This rule", $"{rule.ReferenceLaw.Name} optimum, same budget");
        t.Row("Parameters", a.Parameters + (rule.Rule.ParameterCounting == Laws.ParameterCounting.Total ? "" : $" ({rule.Rule.ParameterCounting.Name()})"), opt.Parameters.ToString());
        t.Row("Tokens", a.Tokens.ToString(), opt.Tokens.ToString());
        t.Row("Tokens per parameter", QuantityFormat.Significant(a.TokensPerParameter, 3), QuantityFormat.Significant(opt.TokensPerParameter, 3));
        if (rule.FlopsPerTokenM is { } m) t.Row("Model scale M (FLOPs/token)", QuantityFormat.Scientific(m), "");
        t.Row("Training FLOPs", a.Flops.ToString(), opt.Flops.ToString());
        t.Row("Loss", $"not predicted by the rule; {rule.ReferenceLaw.Name} says {rule.ReferenceLossAtRulePoint}", opt.Loss.ToString());
        ShapeRows(t, plan, withCount: false);
        console.Write(t);
    }

    private static void ShapeRows(Spectre.Console.Table t, Plan plan, bool withCount)
    {
        var s = plan.Shape.Shape;
        t.Row("Suggested shape", $"{s.Layers} layers, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim}", "");
        if (withCount)
            t.Row("Shape parameters", $"{new Parameters(plan.Shape.Parameters)} ({plan.Shape.RelativeError:+0.0%;-0.0%}), vocab {s.Vocab}, context {s.Context}", "");
    }

    private static void DataTable(IAnsiConsole console, DataConstrainedAllocation d)
    {
        var t = Tables.New("Limited data (Muennighoff 2023)", "This plan", "Unlimited fresh data, same budget");
        t.Row("Unique tokens", d.UniqueTokens.ToString(), "");
        t.Row("Epochs", QuantityFormat.Significant(d.Epochs, 3), QuantityFormat.Significant(d.Unlimited.Tokens / d.UniqueTokens, 3) + " (if the data existed)");
        t.Row("Parameters / tokens", $"{d.Allocation.Parameters} / {d.Allocation.Tokens}", $"{d.Unlimited.Parameters} / {d.Unlimited.Tokens}");
        t.Row("Effective tokens D'", $"{d.EffectiveTokens} ({d.EffectiveTokens / d.Allocation.Tokens:0.0%} of seen)", "");
        t.Row("Effective parameters N'", $"{d.EffectiveParameters} (U_N = {d.UniqueParameters})", "");
        t.Row("Loss", $"{d.Allocation.Loss} (+{d.LossPenalty:0.0000})", d.Unlimited.Loss.ToString());
        t.Row("Best loss with this data at any compute", d.LossFloor.ToString("0.0000"), "");
        t.Row($"Budget at which {d.WarnEpochs:0} epochs is optimal", d.BudgetAtWarnEpochs.ToString(), "");
        console.Write(t);
    }

    private static void InferenceTable(IAnsiConsole console, InferenceAwareAllocation i)
    {
        var c = i.ComputeOptimal;
        var t = Tables.New($"Lifetime, {i.InferenceTokens} inference tokens (Sardana 2024)", "Inference-aware", "Chinchilla-optimal, same loss");
        t.Row("Parameters", $"{i.Chosen.Training.Parameters} ({i.SizeRatio:0.00}x)", c.Training.Parameters.ToString());
        t.Row("Training tokens", $"{i.Chosen.Training.Tokens} ({i.TokenRatio:0.00}x)", c.Training.Tokens.ToString());
        t.Row("Tokens per parameter", QuantityFormat.Significant(i.Chosen.Training.TokensPerParameter, 3), QuantityFormat.Significant(c.Training.TokensPerParameter, 3));
        t.Row("Training FLOPs (6ND)", i.Chosen.Training.Flops.ToString(), c.Training.Flops.ToString());
        t.Row("Inference FLOPs (2NT)", i.Chosen.InferenceFlops.ToString(), c.InferenceFlops.ToString());
        t.Row("Total FLOPs", $"{i.Chosen.TotalFlops} (saves {i.FlopsSaved / c.TotalFlops:0.0%})", c.TotalFlops.ToString());
        if (i.Chosen.TotalDollars is { } dollars)
        {
            t.Row("Training / inference cost", $"{i.Chosen.TrainingDollars} / {i.Chosen.InferenceDollars}", $"{c.TrainingDollars} / {c.InferenceDollars}");
            t.Row("Total cost", $"{dollars} (saves {i.DollarsSaved})", c.TotalDollars.ToString()!);
        }
        console.Write(t);
    }

    public static void ScheduleTable(IAnsiConsole console, TrainingSchedule s)
    {
        var t = Tables.New("Training schedule", "Value", "Source");
        t.Row("Peak learning rate", ScheduleText.Rate(s.PeakLearningRate), $"{s.Rule.Name}: {Short(s.Rule.Source.Paper)}");
        t.Row("Batch", ScheduleText.Batch(s.BatchSequences, s.Context), $"rule gives {QuantityFormat.Count(s.RuleBatchTokens)} tokens");
        t.Row("Steps", ScheduleText.Steps(s.Curve), Short(HyperparameterCatalog.Warmup.Source.Paper));
        t.Row("Decay", ScheduleText.Decay(s.Curve), Short(s.ScheduleSource.Paper));
        t.Row("Kaplan critical batch", $"{QuantityFormat.Count(s.CriticalBatchTokens)} tokens (at Kaplan loss {s.CriticalBatchLoss:0.###})", "Kaplan et al. 2020, Eq. 1.4");
        console.Write(t);
    }

    private static void Vision(CliContext ctx, VisionPlan p)
    {
        var console = ctx.Console;
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
    }

    private static string Short(string paper) => paper.Split(',')[0];
}
