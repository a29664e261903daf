using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// What a plan rests on and what its user should know, gathered from every stage in pipeline order:
/// the law and conventions, the constraint's model, the schedule's rule, the hardware's figures;
/// warnings for extrapolation, search edges, shapes, repetition and memory.
/// </summary>
public static class PlanNotes
{
    // Beyond this multiple of the largest fitted budget or model, say the plan extrapolates.
    private const double ExtrapolationWarningFactor = 10;
    // Closer than this to the unique data's loss floor, extra compute buys almost nothing.
    private const double DataFloorWarning = 1e-3;

    public static IReadOnlyList<Assumption> Assumptions(PlanRequest r, AllocationOutcome o, TrainingSchedule schedule, HardwareEstimate? hw)
    {
        var shapes = r.ShapeOptions;
        var list = new List<Assumption>();
        if (o.Rule is { } rule)
        {
            list.Add(new($"rule {rule.Rule.Name}: {rule.Rule.Form}", rule.Rule.Source.ToString()));
            list.Add(new(rule.Rule.Variable switch
            {
                RuleVariable.FlopsPerToken => $"D = C / M; N is the total size whose DeepSeek M at context {shapes.Context} equals M_opt",
                RuleVariable.Tokens => "N = C / (6 D)",
                _ => "D = C / (6 N)",
            }, "budget identity"));
            list.Add(new($"N counts {rule.Rule.ParameterCounting.Name()} parameters", rule.Rule.Source.ToString()));
            list.Add(new($"learning rate and batch from {schedule.Rule.Name}; {schedule.Kind.Name()} decay over all {schedule.Steps:N0} steps", schedule.Rule.Source.ToString()));
        }
        else
        {
            var law = ((ResolvedLaw.LossLaw)r.Law).Law;
            list.Add(new($"law {law.Name}: {law.Form}", law.Source.ToString()));
            list.Add(new($"FLOPs counted as {r.Convention.Name()}: {r.Convention.Describe()}", "ScalingLab convention"));
            list.Add(new($"N counts {law.ParameterCounting.Name()} parameters", law.Source.ToString()));
            list.Add(new($"shape search: width/depth ≈ {shapes.AspectRatio:0}, MLP 4d, head size 64/128, vocab {shapes.Vocab}, context {shapes.Context}",
                "Kaplan et al. 2020 Fig. 5 (loss flat for d/L 20-200)"));
            list.Add(new($"learning rate and batch from {schedule.Rule.Name} ({schedule.RuleInputMeaning}); {schedule.Kind.Name()} decay over all {schedule.Steps:N0} steps",
                schedule.Rule.Source.ToString()));
        }
        if (o.Data is { } d)
        {
            var rep = d.Law.Repetition;
            list.Add(new($"repetition: R_D* = {rep.RdStar}, R_N* = {rep.RnStar}, U_N = {d.UniqueParameters} (the optimal size for {d.UniqueTokens} tokens under {d.Law.Base.Name})", rep.Source.ToString()));
            if (!string.Equals(rep.BaseLaw, d.Law.Base.Name, StringComparison.OrdinalIgnoreCase))
                list.Add(new($"R_D* and R_N* were fitted with the {rep.BaseLaw} base law; applying them to {d.Law.Base.Name} assumes the decay transfers", rep.Source.ToString()));
        }
        if (o.Inference is { } inf)
        {
            list.Add(new("inference costs 2N FLOPs per token served (forward pass); training 6N per token", "Sardana et al. 2024, Beyond Chinchilla-Optimal (arXiv:2401.00448)"));
            if (inf.Objective == InferenceObjective.Dollars)
                list.Add(new("dollars = FLOPs / (peak FLOP/s x MFU) x price per device-hour, separately for training and inference hardware", "ScalingLab cost model"));
        }
        if (hw is not null) list.AddRange(hw.Assumptions);
        return list;
    }

    public static IReadOnlyList<Warning> Warnings(PlanRequest r, AllocationOutcome o, ShapeProposal shape, HardwareEstimate? hw)
    {
        var w = new List<Warning>();
        var a = o.Allocation;
        if (o.Rule is { } rule)
        {
            w.Add(new("no-loss", $"{rule.Rule.Name} is an allocation rule: it gives N and D, not a loss; the loss shown is {rule.ReferenceLaw.Name}'s prediction at this point"));
            if (rule.Rule.Notes is { } notes && notes.Contains("do not reproduce", StringComparison.Ordinal))
                w.Add(new("rule-constants", notes));
        }
        else
        {
            var law = ((ResolvedLaw.LossLaw)r.Law).Law;
            if (law.Range is { } range)
            {
                if (range.MaxFlops is { } maxC && a.Flops.Value > ExtrapolationWarningFactor * maxC)
                    w.Add(new("extrapolation", $"the budget is {a.Flops.Value / maxC:0}x the largest budget {law.Name} was fitted on ({new Flops(maxC)}); the loss and allocation are extrapolations"));
                else if (range.MaxParameters is { } maxN && a.Parameters.Value > ExtrapolationWarningFactor * maxN)
                    w.Add(new("extrapolation", $"the model is {a.Parameters.Value / maxN:0}x the largest model {law.Name} was fitted on ({new Parameters(maxN)})"));
                if (range.MinParameters is { } minN && a.Parameters.Value < minN / ExtrapolationWarningFactor)
                    w.Add(new("extrapolation", $"the model is far below the smallest model {law.Name} was fitted on ({new Parameters(minN)})"));
            }
            if (a.OnSearchEdge)
                w.Add(new("search-edge", $"the optimum lies on the edge of the search range ({new Parameters(Allocator.MinParameters)} to {new Parameters(Allocator.MaxParameters)} parameters)"));
            if (!shape.WithinTolerance)
                w.Add(new("shape", $"no shape within 5% of {a.Parameters} parameters at vocab {r.ShapeOptions.Vocab}; the closest has {new Parameters(shape.Parameters)} ({shape.RelativeError:+0.0%;-0.0%})"));
            if (law.Family == KaplanLaw.FamilyName)
                w.Add(new("law-units", "kaplan2020 measures loss on WebText2 with GPT-2's tokeniser and counts non-embedding parameters; its losses are not comparable with the Chinchilla-form laws"));
        }
        if (o.Data is { } d)
        {
            var rep = d.Law.Repetition;
            if (d.Allocation.Loss.Value - d.LossFloor < DataFloorWarning)
                w.Add(new("data-floor", $"the budget is more than {d.UniqueTokens} unique tokens can use: the loss is within {d.Allocation.Loss.Value - d.LossFloor:0.#####} of the best this data allows at any compute ({d.LossFloor:0.####}); more unique data, not more compute, would help"));
            if (d.BeyondRuleOfThumb)
                w.Add(new("repetition", $"{d.Epochs:0.#} epochs over the unique data: past ~{rep.WarnEpochs:0} epochs repeated tokens are worth much less than fresh ones (effective data {d.EffectiveTokens} of {a.Tokens} seen)"));
        }
        if (hw is not null) w.AddRange(hw.Warnings);
        return w;
    }
}
