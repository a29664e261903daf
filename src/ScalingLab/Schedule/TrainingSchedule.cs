using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Schedule;

/// <summary>What the schedule is asked for: which hyperparameter rule and which decay shape.</summary>
public sealed record ScheduleRequest(string Rule = HyperparameterCatalog.DefaultRule, ScheduleKind Kind = ScheduleKind.Cosine);

/// <summary>
/// The run as an optimiser sees it: peak learning rate, batch in tokens and in sequences of the
/// context length, steps that cover the planned tokens, warm-up, and the decay over exactly
/// those steps. Kaplan's critical batch is carried alongside for comparison.
/// </summary>
public sealed record TrainingSchedule(
    [property: System.Text.Json.Serialization.JsonIgnore] HyperparameterRule Rule,
    ScheduleKind Kind,
    Source ScheduleSource,
    double RuleInput,
    string RuleInputMeaning,
    double PeakLearningRate,
    double FinalLearningRate,
    double RuleBatchTokens,
    int BatchSequences,
    int Context,
    long Steps,
    long WarmupSteps,
    Tokens Tokens,
    IReadOnlyList<SchedulePhase> Phases,
    double CriticalBatchTokens,
    double CriticalBatchLoss)
{
    [System.Text.Json.Serialization.JsonPropertyName("rule"), System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string RuleName => Rule.Name;
    public Source RuleSource => Rule.Source;

    /// <summary>The batch actually run: whole sequences of the context length.</summary>
    public double BatchTokens => (double)BatchSequences * Context;

    /// <summary>Tokens the steps cover (at least the planned tokens; the last batch is whole).</summary>
    public double ScheduledTokens => BatchTokens * Steps;

    /// <summary>The learning rate at a step: linear warm-up, then the decay shape to the last step.</summary>
    public double LearningRateAt(long step)
    {
        if (step < 0 || step > Steps) throw new ArgumentOutOfRangeException(nameof(step));
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        if (Kind == ScheduleKind.Cosine)
        {
            var progress = (double)(step - WarmupSteps) / Math.Max(1, Steps - WarmupSteps);
            return FinalLearningRate + (PeakLearningRate - FinalLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        }
        var tokenFraction = (double)step / Steps;
        foreach (var p in Phases)
            if (tokenFraction < p.UntilTokenFraction) return PeakLearningRate * p.Fraction;
        return PeakLearningRate * Phases[^1].Fraction;
    }
}
