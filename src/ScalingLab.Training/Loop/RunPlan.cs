namespace ScalingLab.Training.Loop;

/// <summary>
/// Where each value a run trains with came from, in words: a plan (its question, law and rule) or
/// the request itself. Parameters of the request appear as ‹references›, which the CLI shows as its
/// flags. run.json keeps them beside the options.
/// </summary>
public sealed record RunOrigins(string Shape, string Tokens, string LearningRate, string Batch, string Warmup, string Decay);

/// <summary>A run ready to start: what was asked, the options it trains with, where they came from, and what to know first.</summary>
public sealed record RunPlan(RunSpec Spec, TrainOptions Options, RunOrigins Origins, IReadOnlyList<string> Warnings);
