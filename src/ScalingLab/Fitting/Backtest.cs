using System.Text.Json.Serialization;
using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>How the law fitted without one held-out budget predicts that budget.</summary>
public sealed record HeldOutBudget(double Flops, int Points, double MeanAbsLossError, double MaxAbsLossError,
    [property: JsonPropertyName("observedOptimalParameters")] Parameters? ObservedOptimum,
    [property: JsonPropertyName("predictedOptimalParameters")] Parameters PredictedOptimum,
    double? OptimumRatio, Loss? ObservedMinimumLoss, Loss PredictedOptimalLoss);

/// <summary>The backtest's answer: what was held out, the law fitted on the rest, and the errors.</summary>
public sealed record BacktestResult(int TrainingPoints, int HeldOutPoints, Flops Threshold, ParametricFitResult Fit,
    IReadOnlyList<HeldOutBudget> Budgets, double MeanAbsRelativeLossError);

/// <summary>
/// Honesty check for extrapolation: hold out the largest budget(s), fit Approach 3 on the rest,
/// and compare with what was held out: the loss of every held-out run, and, where the held-out
/// budget has a bracketed IsoFLOP minimum, the optimal size and the loss there.
/// </summary>
public static class Backtest
{
    public static BacktestResult Run(IReadOnlyList<RunPoint> points, int holdOut = 1, ParametricFitOptions? options = null,
        double toleranceDex = BudgetGroups.DefaultToleranceDex, int minPoints = IsoFlopFit.DefaultMinPoints,
        IProgress<Progress.WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var groups = BudgetGroups.Of(points, toleranceDex).Where(g => g.Points.Count >= minPoints).ToList();
        if (holdOut < 1 || holdOut > groups.Count - 3)
            throw new InputException("backtest", holdOut.ToString(),
                $"expected 1 to {Math.Max(0, groups.Count - 3)} budgets to hold out (there are {groups.Count} budgets with {minPoints}+ runs; at least 3 must remain)");
        var held = groups.OrderByDescending(g => g.Flops).Take(holdOut).ToList();
        var threshold = held.SelectMany(g => g.Points).Min(p => p.Flops.Value);
        var train = points.Where(p => p.Flops.Value < threshold).ToList();
        var test = points.Where(p => p.Flops.Value >= threshold).ToList();
        var fit = ParametricFit.Fit(train, options, toleranceDex, progress, cancel);
        var law = fit.ToLaw("backtest", new Laws.Source("ScalingLab backtest", "fit below the held-out budgets", DateTime.UtcNow.Year));
        double RelErr(RunPoint p) => Math.Abs(law.Loss(p.Parameters, p.Tokens) - p.Loss) / p.Loss.Value;
        var budgets = held.OrderBy(g => g.Flops).Select(g =>
        {
            var profile = IsoFlopFit.Profile(g, minPoints);
            var predicted = ClosedForm.ComputeOptimal(law, new Flops(g.Flops));
            return new HeldOutBudget(g.Flops, g.Points.Count, g.Points.Average(RelErr), g.Points.Max(RelErr),
                profile.OptimalParameters, predicted.Parameters,
                profile.OptimalParameters is { } obs ? predicted.Parameters.Value / obs.Value : null,
                profile.MinimumLoss, predicted.Loss);
        }).ToList();
        return new BacktestResult(train.Count, test.Count, new Flops(threshold), fit, budgets, test.Average(RelErr));
    }
}
