using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Schedule;

/// <summary>
/// Turns a planned model shape and token count into a <see cref="TrainingSchedule"/>. DeepSeek's
/// rule reads their compute C = M·D with M = 72·L·d² + 12·L·d·l_seq from the shape; the OLMo
/// ladder reads N. Kaplan's critical batch B*/L^(1/aB) uses kaplan2020's own loss at the shape's
/// non-embedding parameters and the planned tokens, since B_crit was fitted on that loss scale.
/// </summary>
public static class Scheduler
{
    /// <summary>The largest batch, in sequences, a run may fix.</summary>
    public const int MaxBatchSequences = 1 << 20;

    /// <summary>The largest share of the steps a run may give to warm-up.</summary>
    public const double MaxWarmupFraction = 0.5;

    public static TrainingSchedule For(ModelShape shape, Tokens tokens, ScheduleRequest? request = null)
    {
        request ??= new ScheduleRequest();
        var rule = HyperparameterCatalog.Get(request.Rule);
        var n = ParameterCount.Total(shape);
        var deepseekCompute = FlopCount.PerToken(shape, FlopConvention.DeepSeekM) * tokens.Value;
        double Input(PowerRule r) => r.Of == "parameters" ? n : deepseekCompute;
        var lr = request.PeakLearningRate is { } givenLr
            ? InputChecks.Range(givenLr, "learningRate", LearningRateSchedule.MinRate, LearningRateSchedule.MaxRate)
            : rule.LearningRate.Evaluate(Input(rule.LearningRate));
        var batchRaw = rule.Batch.Evaluate(Input(rule.Batch));
        var batchTokens = rule.Batch.Unit == "sequences" ? batchRaw * shape.Context : batchRaw;
        var sequences = request.BatchSequences is { } givenBatch
            ? InputChecks.Range(givenBatch, "batchSequences", 1, MaxBatchSequences)
            : (int)Math.Max(1, Math.Round(batchTokens / shape.Context));
        var steps = (long)Math.Max(1, Math.Ceiling(tokens.Value / ((double)sequences * shape.Context)));
        var warm = HyperparameterCatalog.Warmup;
        var warmup = request.WarmupFraction is { } share
            ? (long)Math.Round(InputChecks.Range(share, "warmupFraction", 0, MaxWarmupFraction) * steps)
            : Math.Min(warm.Steps, (long)Math.Floor(warm.MaxFraction * steps));
        var def = HyperparameterCatalog.Schedule(request.Kind);
        var final = request.Kind == ScheduleKind.Cosine ? lr * (def.FinalFraction ?? 0.1) : lr * def.Phases![^1].Fraction;

        var kaplan = LawCatalog.Kaplan;
        var kaplanLoss = kaplan.Loss(new(ParameterCount.NonEmbedding(shape)), tokens).Value;
        var meaning = rule.LearningRate.Of == "parameters" ? "N (total parameters)" : "C = M·D (DeepSeek non-embedding FLOPs)";
        return new TrainingSchedule(rule, request.Kind, def.Source, Input(rule.LearningRate), meaning, lr, final, batchTokens, sequences,
            shape.Context, steps, warmup, tokens, def.Phases ?? [], kaplan.CriticalBatchTokens(kaplanLoss), kaplanLoss);
    }
}
