using System.Text.Json.Serialization;
using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>One method's prediction for a held-out budget, its interval, its error against the observed vertex, and whether the observation lies inside.</summary>
public sealed record MethodPrediction(
    BacktestMethod Name, Parameters PredictedOptimalParameters, Loss PredictedOptimalLoss,
    Interval? OptimalParametersInterval, Interval? OptimalLossInterval,
    double? ParametersError, double? LossError, bool? InsideParametersInterval, bool? InsideLossInterval);

/// <summary>
/// A held-out budget: what its own IsoFLOP vertex shows (with the vertex's standard errors), what the
/// chosen method predicted (top-level keys, as before) and what every method predicted (<see cref="Methods"/>).
/// Errors are relative (predicted/observed − 1). "Inside" compares the observation with the interval
/// widened by the observation's own error (in quadrature, on the log scale for N).
/// </summary>
public sealed record HeldOutBudget(
    double Flops, int Points,
    Parameters? ObservedOptimalParameters, double? ObservedLogOptimumError, Loss? ObservedMinimumLoss, double? ObservedMinimumLossError,
    BacktestMethod Method, Parameters PredictedOptimalParameters, Loss PredictedOptimalLoss,
    Interval? OptimalParametersInterval, Interval? OptimalLossInterval,
    double? ParametersError, double? LossError, bool? InsideParametersInterval, bool? InsideLossInterval,
    double? MeanAbsLossError, double? MaxAbsLossError,
    IReadOnlyList<MethodPrediction> Methods)
{
    /// <summary>In a leave-one-out backtest, the budget that was held out (the same as <see cref="Flops"/>).</summary>
    public double? HeldOutFlops { get; init; }
    /// <summary>Predicted over observed optimal size.</summary>
    public double? OptimumRatio => ObservedOptimalParameters is { } o ? PredictedOptimalParameters.Value / o.Value : null;
}

/// <summary>A method's record over the held-out budgets: mean absolute errors and how often the observation fell inside its interval.</summary>
public sealed record MethodSummary(BacktestMethod Name, int Budgets, double? MeanAbsParametersError, double? MeanAbsLossError,
    int? InsideParametersInterval, int? InsideLossInterval);

/// <summary>
/// The backtest's answer (`fit --backtest K|loo`, `backtest` in JSON): the held-out budgets
/// (<see cref="Budgets"/> for K, <see cref="Loo"/> for leave-one-out), every method's summary, the method
/// chosen for the default prediction and why, Approach 3's fit on the training runs and its per-run loss
/// error, and warnings that say what to do.
/// </summary>
public sealed record BacktestResult(
    int TrainingPoints, int HeldOutPoints, Flops? Threshold,
    [property: JsonPropertyOrder(10)] ParametricFitResult? Fit,
    IReadOnlyList<HeldOutBudget>? Budgets, IReadOnlyList<HeldOutBudget>? Loo,
    IReadOnlyList<MethodSummary> Methods, BacktestMethod ChosenMethod, string ChoiceReason,
    double? MeanAbsRelativeLossError, int Resamples, double Confidence, IReadOnlyList<string> Warnings);
