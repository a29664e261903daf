using ScalingLab.Allocation;
using System.Text.Json.Serialization;

namespace ScalingLab.Sweeps;

/// <summary>
/// One run in `sweep status --json` (and `sweep run --json`): its id, its state (pending, running,
/// interrupted, completed, failed), the final validation loss when completed, and the rest of its record.
/// </summary>
public sealed record SweepRunReport(string Id, SweepRunState State, double? FinalValLoss, double? BestValLoss, double? Seconds,
    double? Parameters, double? Tokens, int Attempts, string? Message)
{
    public static SweepRunReport From(SweepRunStatus r) => new(r.Id, r.State,
        r.State == SweepRunState.Completed ? r.FinalValLoss : null, r.BestValLoss, r.Seconds, r.Parameters, r.Tokens, r.Attempts,
        r.State == SweepRunState.Completed ? null : r.Message);
}

/// <summary>`sweep status --json`: every run, how many runs are in each state, and whether a signal stopped `sweep run`.</summary>
public sealed record SweepStatusReport(IReadOnlyList<SweepRunReport> Runs, IReadOnlyDictionary<string, int> Counts, bool Stopped)
{
    public static SweepStatusReport From(IReadOnlyList<SweepRunStatus> runs, bool stopped) => new(
        runs.Select(SweepRunReport.From).ToList(),
        Enum.GetValues<SweepRunState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => runs.Count(r => r.State == s)),
        stopped);
}

/// <summary>Approach 3's constants, L = E + A/N^alpha + B/D^beta, with the capitals `fit --json` gives them.</summary>
public sealed record SweepLawConstants(
    [property: JsonPropertyName("E")] double E, [property: JsonPropertyName("A")] double A, [property: JsonPropertyName("B")] double B,
    double Alpha, double Beta);

/// <summary>One held-out budget of the backtest: the loss errors and the predicted vs observed optimum.</summary>
public sealed record SweepHeldOutReport(double Flops, double? MeanAbsLossError, double? MaxAbsLossError,
    double PredictedOptimalParameters, double? ObservedOptimalParameters, double PredictedOptimalLoss, double? ObservedMinimumLoss);

/// <summary>The backtest of `sweep analyze --json`: the largest budget held out, fitted on the rest.</summary>
public sealed record SweepBacktestReport(IReadOnlyList<double> HeldOutBudgets, int TrainingPoints, int HeldOutPoints,
    double? MeanAbsRelativeLossError, IReadOnlyList<SweepHeldOutReport> Budgets);

/// <summary>
/// `sweep analyze --json`: the headline prediction at <paramref name="Budget"/> (parameters, tokens,
/// loss and their 95% intervals as [low, high]), each approach's, the backtest, Approach 3's law,
/// the warnings, and the law file written (if any).
/// </summary>
public sealed record SweepAnalysisReport(double Budget, int Runs, ApproachPrediction Prediction, IReadOnlyList<ApproachPrediction> Approaches,
    SweepBacktestReport? Backtest, SweepLawConstants Law, IReadOnlyList<string> Warnings, string? LawFile)
{
    public static SweepAnalysisReport From(SweepAnalysisResult r, string? lawFile)
    {
        var f = r.Parametric.Parametric!;
        var backtest = r.Backtest is { } bt
            ? new SweepBacktestReport((bt.Budgets ?? []).Select(h => h.Flops).ToList(), bt.TrainingPoints, bt.HeldOutPoints, bt.MeanAbsRelativeLossError,
                (bt.Budgets ?? []).Select(h => new SweepHeldOutReport(h.Flops, h.MeanAbsLossError, h.MaxAbsLossError,
                    h.PredictedOptimalParameters.Value, h.ObservedOptimalParameters?.Value, h.PredictedOptimalLoss.Value, h.ObservedMinimumLoss?.Value)).ToList())
            : null;
        return new SweepAnalysisReport(r.Target.Value, r.Runs, r.Prediction, r.Approaches, backtest,
            new SweepLawConstants(f.E, f.A, f.B, f.Alpha, f.Beta), r.Warnings, lawFile);
    }
}

/// <summary>
/// `sweep verify --json`: the verification run at <paramref name="Budget"/> (its size and tokens, and
/// the predicted optimum it was built from), the loss Approach 3 predicted for it with its 95%
/// interval (absent without bootstrap samples), the loss measured, whether it lies inside, and the
/// relative error (measured - predicted) / measured: a <see cref="SweepVerification"/> with the run's context.
/// </summary>
public sealed record SweepVerifyReport(double Budget, string Run, double Parameters, double Tokens, double PredictedOptimalParameters,
    double PredictedLoss, double MeasuredLoss, Interval? LossInterval, bool Inside, double RelativeError, double? Seconds,
    double LargestSweepBudget, double Ratio)
{
    /// <summary>The report of <paramref name="v"/>, a run at <paramref name="budget"/> built for <paramref name="predictedOptimalParameters"/>.</summary>
    public static SweepVerifyReport From(SweepVerification v, double budget, double predictedOptimalParameters, double? seconds, double largestSweepBudget) =>
        new(budget, v.Run, v.Parameters, v.Tokens, predictedOptimalParameters, v.PredictedLoss, v.MeasuredLoss,
            double.IsFinite(v.LossInterval.Low) ? v.LossInterval : null, v.Inside, v.RelativeError, seconds, largestSweepBudget, budget / largestSweepBudget);
}
