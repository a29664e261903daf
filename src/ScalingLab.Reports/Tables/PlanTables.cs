using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;
using ScalingLab.Vision;

namespace ScalingLab.Reports.Tables;

/// <summary>
/// The tables of a plan, as text: the answer beside Kaplan's (or a rule beside its reference law's
/// optimum), limited data, lifetime inference, the schedule and a vision plan. The terminal and the
/// HTML report draw these same rows.
/// </summary>
public static class PlanTables
{
    public static TextTable Answer(Plan plan)
    {
        var a = plan.Allocation;
        var k = plan.Kaplan!;
        var t = new TextTable("", "This plan", "Kaplan 2020 frontier, same budget");
        t.Row("Parameters", a.Parameters.ToString(), k.Parameters + " (non-embedding)");
        t.Row("Tokens", a.Tokens.ToString(), k.Tokens + " (= C / 6N)");
        t.Row("Tokens per parameter", QuantityFormat.Significant(a.TokensPerParameter, 3), QuantityFormat.Significant(k.TokensPerParameter, 3));
        t.Row("Training FLOPs", a.Flops + $" ({QuantityFormat.Significant(a.Flops.PetaflopDays, 3)} PF-days)", a.Flops.ToString());
        t.Row($"Loss ({plan.Law.Name})", a.Loss.ToString(), k.LossUnderLaw + $" (+{k.LossUnderLaw - a.Loss:0.0000})");
        ShapeRows(t, plan, withCount: true);
        t.Row("Exact FLOPs/token", $"{QuantityFormat.Scientific(plan.ExactFlopsPerToken)} = {plan.ExactFlopsPerToken / (6 * plan.Shape.Parameters):0.00} x 6N (App. F)", "");
        return t;
    }

    public static TextTable Rule(Plan plan, RuleAllocation rule)
    {
        var a = plan.Allocation;
        var opt = rule.ReferenceOptimum;
        var t = new TextTable("", "This rule", $"{rule.ReferenceLaw.Name} optimum, same budget");
        t.Row("Parameters", a.Parameters + (rule.Rule.ParameterCounting == Laws.ParameterCounting.Total ? "" : $" ({rule.Rule.ParameterCounting.Name()})"), opt.Parameters.ToString());
        t.Row("Tokens", a.Tokens.ToString(), opt.Tokens.ToString());
        t.Row("Tokens per parameter", QuantityFormat.Significant(a.TokensPerParameter, 3), QuantityFormat.Significant(opt.TokensPerParameter, 3));
        if (rule.FlopsPerTokenM is { } m) t.Row("Model scale M (FLOPs/token)", QuantityFormat.Scientific(m), "");
        t.Row("Training FLOPs", a.Flops.ToString(), opt.Flops.ToString());
        t.Row("Loss", $"not predicted by the rule; {rule.ReferenceLaw.Name} says {rule.ReferenceLossAtRulePoint}", opt.Loss.ToString());
        ShapeRows(t, plan, withCount: false);
        return t;
    }

    private static void ShapeRows(TextTable t, Plan plan, bool withCount)
    {
        var s = plan.Shape.Shape;
        t.Row("Suggested shape", $"{s.Layers} layers, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim}", "");
        if (withCount)
            t.Row("Shape parameters", $"{new Parameters(plan.Shape.Parameters)} ({plan.Shape.RelativeError:+0.0%;-0.0%}), vocab {s.Vocab}, context {s.Context}", "");
    }

    /// <summary>The bootstrap intervals a fitted law file carries, in one sentence.</summary>
    public static string Intervals(Plan plan, AllocationIntervals iv) =>
        $"{iv.Confidence:0%} intervals from {iv.Samples} bootstrap samples of {plan.Law.Name}: compute-optimal N [{new Parameters(iv.Parameters.Low)}, {new Parameters(iv.Parameters.High)}], "
        + $"D [{new Tokens(iv.Tokens.Low)}, {new Tokens(iv.Tokens.High)}], tokens/parameter [{QuantityFormat.Significant(iv.TokensPerParameter.Low, 3)}, {QuantityFormat.Significant(iv.TokensPerParameter.High, 3)}], "
        + $"loss at this (N, D) [{new Loss(iv.Loss.Low)}, {new Loss(iv.Loss.High)}]";

    public static TextTable Data(DataConstrainedAllocation d)
    {
        var t = new TextTable("Limited data (Muennighoff 2023)", "This plan", "Unlimited fresh data, same budget");
        t.Row("Unique tokens", d.UniqueTokens.ToString(), "");
        t.Row("Epochs", QuantityFormat.Significant(d.Epochs, 3), QuantityFormat.Significant(d.Unlimited.Tokens / d.UniqueTokens, 3) + " (if the data existed)");
        t.Row("Parameters / tokens", $"{d.Allocation.Parameters} / {d.Allocation.Tokens}", $"{d.Unlimited.Parameters} / {d.Unlimited.Tokens}");
        t.Row("Effective tokens D'", $"{d.EffectiveTokens} ({d.EffectiveTokens / d.Allocation.Tokens:0.0%} of seen)", "");
        t.Row("Effective parameters N'", $"{d.EffectiveParameters} (U_N = {d.UniqueParameters})", "");
        t.Row("Loss", $"{d.Allocation.Loss} (+{d.LossPenalty:0.0000})", d.Unlimited.Loss.ToString());
        t.Row("Best loss with this data at any compute", d.LossFloor.ToString("0.0000"), "");
        t.Row($"Budget at which {d.WarnEpochs:0} epochs is optimal", d.BudgetAtWarnEpochs.ToString(), "");
        return t;
    }

    public static TextTable Inference(InferenceAwareAllocation i)
    {
        var c = i.ComputeOptimal;
        var t = new TextTable($"Lifetime, {i.InferenceTokens} inference tokens (Sardana 2024)", "Inference-aware", "Chinchilla-optimal, same loss");
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
        return t;
    }

    public static TextTable Schedule(TrainingSchedule s)
    {
        var t = new TextTable("Training schedule", "Value", "Source");
        t.Row("Peak learning rate", ScheduleText.Rate(s.PeakLearningRate), $"{s.Rule.Name}: {Short(s.Rule.Source.Paper)}");
        t.Row("Batch", ScheduleText.Batch(s.BatchSequences, s.Context), $"rule gives {QuantityFormat.Count(s.RuleBatchTokens)} tokens");
        t.Row("Steps", ScheduleText.Steps(s.Curve), Short(HyperparameterCatalog.Warmup.Source.Paper));
        t.Row("Decay", ScheduleText.Decay(s.Curve), Short(s.ScheduleSource.Paper));
        t.Row("Kaplan critical batch", $"{QuantityFormat.Count(s.CriticalBatchTokens)} tokens (at Kaplan loss {s.CriticalBatchLoss:0.###})", "Kaplan et al. 2020, Eq. 1.4");
        return t;
    }

    public static TextTable Vision(VisionPlan p)
    {
        var t = new TextTable("", "Value");
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
        return t;
    }

    private static string Short(string paper) => paper.Split(',')[0];
}
