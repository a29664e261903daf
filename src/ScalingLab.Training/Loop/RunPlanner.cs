using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Training.Corpus;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>
/// Turns a <see cref="RunSpec"/> into the options a run trains with, through the plan pipeline: a
/// budget, a size or a token count is the same question `plan` answers (at the dataset's vocabulary
/// and the run's context), so the run trains the plan's shape, tokens, peak learning rate, batch and
/// schedule; an explicit shape gets the schedule the hyperparameter rule gives for it. A value the
/// spec fixes (batch, learning rate, warm-up) replaces the rule's, and the steps, warm-up and decay
/// follow from what the run really does.
/// </summary>
public static class RunPlanner
{
    /// <summary>How far the nearest trainable shape may land from the planned size: tiny models come in coarse steps (width in multiples of 64).</summary>
    public const double ShapeTolerance = 0.5;

    public static RunPlan Plan(RunSpec spec, ResolvedLaw law, DatasetMetadata data)
    {
        var shapes = new ShapeOptions(data.VocabSize, spec.Context).Validated();
        var request = new ScheduleRequest(BatchSequences: spec.BatchSequences, PeakLearningRate: spec.LearningRate, WarmupFraction: spec.WarmupFraction);
        var warnings = new List<string>();
        ModelShape shape;
        TrainingSchedule schedule;
        string shapeOrigin, tokensOrigin;
        if (spec.Layers is not null || spec.DModel is not null)
        {
            if (spec.Budget is not null || spec.Parameters is not null)
                throw new InputException(spec.Budget is not null ? "budget" : "parameters", (spec.Budget?.ToString() ?? spec.Parameters?.ToString())!,
                    $"give {Ref("layers")} with {Ref("dModel")}, or {Ref("parameters")}, or {Ref("budget")}: one of them");
            var layers = spec.Layers ?? throw Missing("layers", $"give {Ref("layers")} and {Ref("dModel")} together");
            var width = spec.DModel ?? throw Missing("dModel", $"give {Ref("layers")} and {Ref("dModel")} together");
            var tokens = spec.Tokens ?? throw Missing("tokens", $"give {Ref("tokens")} with {Ref("layers")} and {Ref("dModel")}");
            shape = ShapeSearch.Make(layers, width, shapes.For(new Parameters(1))).Validated();
            schedule = Scheduler.For(shape, tokens, request);
            shapeOrigin = $"given: {Ref("layers")}, {Ref("dModel")}";
            tokensOrigin = $"given: {Ref("tokens")}";
        }
        else
        {
            if (spec.Budget is null && spec.Parameters is null && spec.Tokens is null)
                throw Missing("parameters", $"give {Ref("parameters")} [{Ref("tokens")}], {Ref("budget")}, or {Ref("layers")} with {Ref("dModel")} and {Ref("tokens")}");
            var plan = Planner.Language(new PlanRequest(PlanQuestion.From(spec.Budget, spec.Parameters, spec.Tokens), law, Shape: shapes, Schedule: request));
            RequireTrainableShape(plan, spec, data, shapes);
            shape = plan.Shape.Shape;
            schedule = plan.Schedule;
            shapeOrigin = $"plan: {plan.Question} under {plan.LawName}: N = {plan.Allocation.Parameters}; the nearest shape has {new Parameters(plan.Shape.Parameters)}";
            tokensOrigin = spec.Tokens is not null ? $"given: {Ref("tokens")}" : $"plan: {plan.Question} under {plan.LawName}";
            warnings.AddRange(plan.Warnings.Select(w => w.Message));
        }
        var steps = schedule.Steps;
        var options = TrainOptions.For(shape, schedule) with
        {
            Precision = spec.Precision,
            Seed = spec.Seed,
            EvalEvery = spec.EvalEvery ?? (int)Math.Clamp(steps / 20, 1, int.MaxValue),
            CheckpointEvery = spec.CheckpointEvery ?? (int)Math.Clamp(steps / 10, 1, int.MaxValue),
            SpikeFactor = spec.SpikeFactor,
            Threads = spec.Threads,
            Device = spec.Device,
        };
        options.Validated();
        var passes = options.ScheduledTokens / Math.Max(1, data.TrainTokens);
        if (passes > 1)
            warnings.Add($"the run reads {new Tokens(options.ScheduledTokens)} tokens, {QuantityFormat.Significant(passes, 3)} passes over the {new Tokens(data.TrainTokens)}-token training split: "
                         + "repeated data, which the law's fresh-data loss does not account for");
        return new RunPlan(spec, options, Origins(spec, schedule, shapeOrigin, tokensOrigin), warnings);
    }

    private static RunOrigins Origins(RunSpec spec, TrainingSchedule s, string shape, string tokens)
    {
        var rule = $"{s.Rule.Name}: {Short(s.Rule.Source.Paper)}";
        var warm = HyperparameterCatalog.Warmup;
        return new RunOrigins(shape, tokens,
            spec.LearningRate is null ? $"{rule}, from {s.RuleInputMeaning}" : $"given: {Ref("learningRate")}",
            spec.BatchSequences is null ? $"{rule}: the rule gives {QuantityFormat.Count(s.RuleBatchTokens)} tokens" : $"given: {Ref("batchSequences")}",
            spec.WarmupFraction is null
                ? $"{Short(warm.Source.Paper)}: {warm.Steps:N0} steps, at most {warm.MaxFraction:0%} of the run"
                : $"given: {Ref("warmupFraction")} of the steps",
            $"{Short(s.ScheduleSource.Paper)}: decay over exactly the run's steps");
    }

    /// <summary>
    /// Tiny budgets plan models below the smallest shape there is (1 layer, d_model 64, whose
    /// embeddings alone are vocabulary x 64): say so by the input that asked for it, with the size
    /// that would be trainable.
    /// </summary>
    private static void RequireTrainableShape(Plan plan, RunSpec spec, DatasetMetadata data, ShapeOptions shapes)
    {
        if (Math.Abs(plan.Shape.RelativeError) <= ShapeTolerance) return;
        var smallest = ShapeSearch.Make(1, 64, shapes.For(new Parameters(1)));
        var smallestN = new Parameters(ParameterCount.Total(smallest));
        var (parameter, value) = spec.Budget is { } c ? ("budget", c.ToString())
            : spec.Parameters is { } n ? ("parameters", n.ToString())
            : ("tokens", spec.Tokens!.Value.ToString());
        var where = $"vocabulary {data.VocabSize:N0} ({data.Tokenizer}) and context {shapes.Context}";
        if (plan.Shape.Parameters < plan.Allocation.Parameters.Value)
            throw new InputException(parameter, value, $"the plan asks for {plan.Allocation.Parameters} parameters, more than the shape search reaches at {where}");
        var cheapest = Planner.Language(new PlanRequest(new PlanQuestion.TokensForParameters(smallestN), new ResolvedLaw.LossLaw(plan.Law), Shape: shapes));
        var advice = data.VocabSize > 256
            ? $"; a byte-level dataset (tokenizer byte, vocabulary 256) makes the smallest model far smaller"
            : $"; a shorter {Ref("context")} shrinks it a little";
        throw new InputException(parameter, value,
            $"too small for any model at {where}: the plan's model has {plan.Allocation.Parameters} parameters, " +
            $"and the smallest shape (1 layer, d_model 64) has {smallestN}, compute-optimal at about {cheapest.Allocation.Flops} FLOPs" + advice);
    }

    private static InputException Missing(string parameter, string allowed) => new(parameter, "(missing)", allowed);

    private static string Ref(string parameter) => ParameterRef.To(parameter);

    private static string Short(string paper) => paper.Split(',')[0];
}
