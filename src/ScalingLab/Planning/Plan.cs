using System.Text.Json.Serialization;
using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>An assumption the plan rests on, with where it comes from.</summary>
public sealed record Assumption(string What, string Source);

/// <summary>Something the user should know before trusting the numbers.</summary>
public sealed record Warning(string Code, string Message);

/// <summary>What every plan carries: the question in words, its assumptions and its warnings.</summary>
public abstract record PlanResult(
    [property: JsonPropertyOrder(-20)] string Question,
    [property: JsonPropertyOrder(100)] IReadOnlyList<Assumption> Assumptions,
    [property: JsonPropertyOrder(101)] IReadOnlyList<Warning> Warnings);

/// <summary>
/// A language plan: every number with its provenance, built stage by stage by <see cref="Planner"/>
/// (allocation, shape, schedule, hardware). The CLI, the trainer and the tests read this one
/// record; `plan --json` is this record serialised, so the table and the JSON cannot drift.
/// </summary>
/// <param name="Question">The question in words.</param>
/// <param name="Asked">The question as parsed.</param>
/// <param name="Law">The loss law that predicts the loss (for an allocation rule, the reference law).</param>
/// <param name="Allocation">N, D, FLOPs and the predicted loss.</param>
/// <param name="Shape">The proposed shape for N.</param>
/// <param name="Schedule">Learning rate, batch, steps, warm-up and decay for that shape and D.</param>
/// <param name="Kaplan">What Kaplan et al. 2020's frontier advises for the same budget (loss-law plans).</param>
/// <param name="Assumptions">What the plan assumed (convention, law, utilisation), each with its source.</param>
/// <param name="Warnings">What the reader must know: extrapolation, search edges, a model that does not fit.</param>
public sealed record Plan(
    string Question,
    [property: JsonPropertyOrder(-19)] PlanQuestion Asked,
    [property: JsonIgnore] IScalingLaw Law,
    [property: JsonIgnore] Allocation.Allocation Allocation,
    [property: JsonIgnore] ShapeProposal Shape,
    TrainingSchedule Schedule,
    KaplanComparison? Kaplan,
    IReadOnlyList<Assumption> Assumptions,
    IReadOnlyList<Warning> Warnings) : PlanResult(Question, Assumptions, Warnings)
{
    /// <summary>Time, cost, energy and layout on the requested hardware.</summary>
    public HardwareEstimate? Hardware { get; init; }
    /// <summary>Set when the plan was made under limited unique data.</summary>
    public DataConstrainedAllocation? Data { get; init; }
    /// <summary>Set when the plan was made for a lifetime of inference tokens.</summary>
    public InferenceAwareAllocation? Inference { get; init; }
    /// <summary>Set when N and D came from a published allocation rule (which predicts no loss).</summary>
    public RuleAllocation? Rule { get; init; }
    /// <summary>When the model fits no layout of the cluster: the plan of the largest model that does, on the same FLOPs.</summary>
    [JsonPropertyOrder(50)] public Plan? LargestFittingPlan { get; init; }

    // The numbers scripts read, at the top level of the JSON.
    [JsonPropertyName("law"), JsonPropertyOrder(-18)] public string LawName => Rule?.Rule.Name ?? Law.Name;
    [JsonPropertyOrder(-17)] public FlopConvention FlopConvention => Allocation.Convention;
    [JsonPropertyOrder(-16)] public AllocationMethod Method => Allocation.Method;
    [JsonPropertyOrder(-15)] public Parameters Parameters => Allocation.Parameters;
    [JsonPropertyOrder(-14)] public Tokens Tokens => Allocation.Tokens;
    [JsonPropertyOrder(-13)] public Flops Flops => Allocation.Flops;
    [JsonPropertyOrder(-12)] public double TokensPerParameter => Allocation.TokensPerParameter;
    /// <summary>The law's loss at (N, D); none for an allocation rule, which predicts none.</summary>
    [JsonPropertyOrder(-11)] public Loss? Loss => Rule is null ? Allocation.Loss : null;
    [JsonPropertyOrder(-10)] public bool OnSearchEdge => Allocation.OnSearchEdge;
    [JsonPropertyName("shape"), JsonPropertyOrder(-9)] public ModelShape ModelShape => Shape.Shape;
    [JsonPropertyOrder(-8)] public double ShapeParameters => Shape.Parameters;
    [JsonPropertyOrder(-7)] public double ShapeRelativeError => Shape.RelativeError;
    /// <summary>Training FLOPs per token of the proposed shape under Hoffmann et al.'s App. F count.</summary>
    [JsonPropertyOrder(-6)] public double ExactFlopsPerToken => FlopCount.PerToken(Shape.Shape, FlopConvention.Exact);
    public double LearningRate => Schedule.PeakLearningRate;
    public double BatchTokens => Schedule.BatchTokens;
    public long Steps => Schedule.Steps;
    public double? Seconds => Hardware?.Run.WallClock?.Value;
    public double? AcceleratorHours => Hardware?.Run.AcceleratorHours;
    public double? Dollars => Hardware?.Run.Cost?.Value;
    public double? EnergyKwh => Hardware?.Run.EnergyKwh;
    public Flops? InferenceFlops => Inference?.Chosen.InferenceFlops;
    public Flops? TotalFlops => Inference?.Chosen.TotalFlops;
    /// <summary>Intervals from the bootstrap samples a fitted law file carries, if any.</summary>
    public AllocationIntervals? Intervals => Law is ChinchillaLaw c ? AllocationIntervals.For(c, Allocation.Parameters, Allocation.Tokens) : null;
    public Source LawSource => Rule?.Rule.Source ?? Law.Source;
}
