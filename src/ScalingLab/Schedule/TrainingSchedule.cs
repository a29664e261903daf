using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Schedule;

/// <summary>
/// What the schedule is asked for: which hyperparameter rule and which decay shape, and any value a
/// run fixes itself (a batch, a peak learning rate, a warm-up share of the steps) in place of the
/// rule's; the steps, warm-up and decay then follow from what is fixed.
/// </summary>
public sealed record ScheduleRequest(
    string Rule = HyperparameterCatalog.DefaultRule,
    ScheduleKind Kind = ScheduleKind.Cosine,
    int? BatchSequences = null,
    double? PeakLearningRate = null,
    double? WarmupFraction = null);

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

    /// <summary>The learning rate of every update, as the trainer runs it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LearningRateSchedule Curve => new(PeakLearningRate, FinalLearningRate, WarmupSteps, Steps, Kind,
        Kind == ScheduleKind.MultiStep ? Phases : null);
}
