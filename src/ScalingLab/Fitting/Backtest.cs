using System.Globalization;
using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Progress;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// Extrapolation, tested: hold out the largest budget(s) (or each budget in turn), refit every method on
/// the rest, and compare what each predicts for the held-out budget (optimal size, minimum loss) with
/// that budget's own IsoFLOP vertex. The default prediction is the method with the lowest
/// leave-one-budget-out error on the training budgets (the optimal size's mean absolute error, ties by
/// the loss's; errors relative, |predicted/observed − 1|), so the choice never sees the held-out data. Intervals come from a bootstrap over whole
/// training budgets (runs of one budget share their grid and their noise, so they are resampled
/// together), each method refitted on each resample; the default's interval pools every method's
/// resampled predictions, so it carries the spread between methods as well as within them.
/// </summary>
public static class Backtest
{
    public const string Stage = "backtest";

    private sealed record Split(IReadOnlyList<RunPoint> Train, IReadOnlyList<BudgetGroup> Held);

    public static BacktestResult Run(IReadOnlyList<RunPoint> points, BacktestRequest r,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var groups = BudgetGroups.Of(points, r.ToleranceDex).Where(g => g.Points.Count >= r.MinPoints).OrderBy(g => g.Flops).ToList();
        var warnings = new List<string>();
        if (r.LeaveOneOut)
        {
            if (groups.Count < 4)
                throw new InputException("backtest", "loo", $"leave-one-out needs 4 or more budgets with {r.MinPoints}+ runs (3 to fit, 1 to hold out); there are {groups.Count}: add budgets");
            var splits = groups.Select(g => new Split(points.Where(p => !g.Points.Contains(p)).ToList(), [g])).ToList();
            var loo = Evaluate(splits, r, null, progress, cancel, warnings);
            var (chosen, reason) = Choose(loo.SelectMany(x => x).ToList(), "leave-one-budget-out over all budgets");
            var flat = loo.SelectMany(x => x).Select(b => Finish(b, chosen) with { HeldOutFlops = b.Flops }).ToList();
            Warn(flat, warnings, r);
            return new BacktestResult(points.Count, 0, null, null, null, flat, Summaries(flat, r), chosen, reason, null, r.Resamples, r.Confidence, warnings);
        }

        if (r.HoldOut < 1 || groups.Count - r.HoldOut < 3)
            throw new InputException("backtest", r.HoldOut.ToString(CultureInfo.InvariantCulture),
                $"holding out {r.HoldOut} budget(s) leaves {Math.Max(0, groups.Count - r.HoldOut)} with {r.MinPoints}+ runs to fit, and a backtest needs 3: add budgets or hold out fewer (there are {groups.Count} budgets with {r.MinPoints}+ runs)");
        var held = groups.TakeLast(r.HoldOut).ToList();
        var threshold = held.SelectMany(g => g.Points).Min(p => p.Flops.Value);
        var train = points.Where(p => p.Flops.Value < threshold).ToList();
        var test = points.Where(p => p.Flops.Value >= threshold).ToList();

        // The evidence for the default: leave one training budget out at a time, never looking at the held-out ones.
        var trainGroups = groups.Where(g => g.Flops < threshold && g.Points.All(p => p.Flops.Value < threshold)).ToList();
        BacktestMethod chosenMethod;
        string why;
        if (trainGroups.Count >= 4 && r.MethodList.Count > 1)
        {
            var inner = trainGroups.Select(g => new Split(train.Where(p => !g.Points.Contains(p)).ToList(), [g])).ToList();
            var evidence = Evaluate(inner, r with { Resamples = 0 }, null, progress, cancel, []).SelectMany(x => x).ToList();
            (chosenMethod, why) = Choose(evidence, $"leave-one-budget-out over the {trainGroups.Count} training budgets");
        }
        else (chosenMethod, why) = (r.MethodList.Contains(BacktestMethod.Approach3) ? BacktestMethod.Approach3 : r.MethodList[0],
            $"fewer than 4 training budgets with {r.MinPoints}+ runs to compare methods on; {Name(r.MethodList.Contains(BacktestMethod.Approach3) ? BacktestMethod.Approach3 : r.MethodList[0])} by default");

        ParametricFitResult? fit = null;
        var budgets = Evaluate([new Split(train, held)], r, f => fit = f, progress, cancel, warnings)[0].Select(b => Finish(b, chosenMethod)).ToList();
        Warn(budgets, warnings, r);
        double? lossError = null;
        if (fit is not null && LawOf(fit) is { } law) lossError = test.Average(p => Math.Abs(law.Loss(p.Parameters, p.Tokens).Value - p.Loss.Value) / p.Loss.Value);
        return new BacktestResult(train.Count, test.Count, new Flops(threshold), fit, budgets, null, Summaries(budgets, r), chosenMethod, why,
            lossError, r.Resamples, r.Confidence, warnings);
    }

    /// <summary>
    /// The prediction at a budget beyond (or within) the data: every method fitted on all the runs, the default
    /// chosen by leave-one-budget-out when <paramref name="choose"/> (else Approach 3), and with
    /// <see cref="BacktestRequest.Resamples"/> the pooled interval from whole-budget resamples. The observed
    /// keys are empty: nothing was run there.
    /// </summary>
    public static HeldOutBudget Predict(IReadOnlyList<RunPoint> points, double flops, BacktestRequest r, bool choose = true,
        CancellationToken cancel = default)
    {
        var groups = BudgetGroups.Of(points, r.ToleranceDex).Where(g => g.Points.Count >= r.MinPoints).ToList();
        var chosen = BacktestMethod.Approach3;
        if (choose && groups.Count >= 4 && r.MethodList.Count > 1)
        {
            var inner = groups.Select(g => new Split(points.Where(p => !g.Points.Contains(p)).ToList(), [g])).ToList();
            chosen = Choose(Evaluate(inner, r with { Resamples = 0 }, null, null, cancel, []).SelectMany(x => x).ToList(), "").Item1;
        }
        var target = new BudgetGroup(flops, []);
        return Finish(Evaluate([new Split(points, [target])], r, null, null, cancel, [])[0][0], chosen);
    }

    private static string Name(BacktestMethod m) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(m.ToString());

    // Each split: fit every method on its training runs, predict each held-out budget; with resamples, intervals too.
    private static List<List<HeldOutBudget>> Evaluate(IReadOnlyList<Split> splits, BacktestRequest r, Action<ParametricFitResult>? keepFit,
        IProgress<WorkProgress>? progress, CancellationToken cancel, List<string> warnings)
    {
        var result = new List<List<HeldOutBudget>>();
        var done = 0;
        foreach (var split in splits)
        {
            cancel.ThrowIfCancellationRequested();
            var fit = ParametricFit.Fit(split.Train, r.ParametricOptions, r.ToleranceDex, cancel: cancel);
            keepFit?.Invoke(fit);
            var frontiers = Frontiers(split.Train, fit, r);
            foreach (var m in r.MethodList.Where(m => !frontiers.ContainsKey(m)))
                if (!warnings.Any(w => w.StartsWith(Name(m))))
                    warnings.Add($"{Name(m)} could not be fitted on a training set (it needs 3 budgets with a bracketed parabola{(m == BacktestMethod.Approach3 ? ", and a law with positive exponents" : "")}): add budgets, or sizes either side of each budget's optimum");
            var samples = r.Resamples > 0 ? Resample(split, fit, r, cancel) : null;
            var budgets = new List<HeldOutBudget>();
            foreach (var g in split.Held)
            {
                var observed = IsoFlopFit.Profile(g, r.MinPoints);
                var methods = new List<MethodPrediction>();
                foreach (var (m, frontier) in frontiers)
                {
                    var at = frontier.At(g.Flops);
                    var nIv = samples is null ? (Interval?)null : Interval.Central(samples[m].Select(s => Predict(s, g.Flops)?.OptimalParameters ?? double.NaN), r.Confidence);
                    var lIv = samples is null ? (Interval?)null : Interval.Central(samples[m].Select(s => Predict(s, g.Flops)?.OptimalLoss ?? double.NaN), r.Confidence);
                    methods.Add(Compare(m, at, nIv, lIv, observed, r.Confidence));
                }
                var pooled = samples is null ? null : samples.Values.SelectMany(x => x).Select(s => Predict(s, g.Flops)).Where(p => p is not null).Select(p => p!.Value).ToList();
                double? mean = null, max = null;
                if (g.Points.Count > 0 && LawOf(fit) is { } law)
                {
                    var errors = g.Points.Select(p => Math.Abs(law.Loss(p.Parameters, p.Tokens).Value - p.Loss.Value) / p.Loss.Value).ToList();
                    (mean, max) = (errors.Average(), errors.Max());
                }
                budgets.Add(new HeldOutBudget(g.Flops, g.Points.Count, observed.OptimalParameters, observed.LogOptimumError,
                    observed.MinimumLoss, observed.MinimumLossError, BacktestMethod.Approach3, default, default,
                    Pooled(pooled, p => p.OptimalParameters, r.Confidence), Pooled(pooled, p => p.OptimalLoss, r.Confidence),
                    null, null, null, null, mean, max, methods));
            }
            result.Add(budgets);
            progress?.Report(new WorkProgress(Stage, ++done, splits.Count, "refitting every method without the held-out budget"));
        }
        return result;
    }

    private static Interval? Pooled(List<FrontierPoint>? pooled, Func<FrontierPoint, double> f, double confidence) =>
        pooled is { Count: > 0 } ? Interval.Central(pooled.Select(f), confidence) : null;

    private static FrontierPoint? Predict(Frontier? f, double flops)
    {
        if (f is null) return null;
        var p = f.At(flops);
        return double.IsFinite(p.OptimalParameters) && double.IsFinite(p.OptimalLoss) && p.OptimalParameters > 0 ? p : null;
    }

    private static Dictionary<BacktestMethod, Frontier> Frontiers(IReadOnlyList<RunPoint> train, ParametricFitResult? fit, BacktestRequest r)
    {
        var frontiers = new Dictionary<BacktestMethod, Frontier>();
        var profiles = BudgetGroups.Of(train, r.ToleranceDex).Select(g => IsoFlopFit.Profile(g, r.MinPoints)).ToList();
        foreach (var m in r.MethodList)
        {
            Frontier? f = m switch
            {
                BacktestMethod.Approach2 => Frontier.Vertices(profiles, weighted: false),
                BacktestMethod.Approach2Weighted => Frontier.Vertices(profiles, weighted: true),
                _ => fit is not null && LawOf(fit) is { } law ? Frontier.Law(law) : null,
            };
            if (f is not null) frontiers[m] = f;
        }
        return frontiers;
    }

    private static ChinchillaLaw? LawOf(ParametricFitResult fit)
    {
        var law = fit.ToLaw("backtest", new Source("ScalingLab backtest", "fit below the held-out budgets", 0));
        return LawChecks.Problem(law) is null ? law : null;
    }

    // Whole training budgets drawn with replacement (runs of one budget stay together), each method refitted on each draw.
    private static Dictionary<BacktestMethod, Frontier?[]> Resample(Split split, ParametricFitResult fit, BacktestRequest r, CancellationToken cancel)
    {
        var groups = BudgetGroups.Of(split.Train, r.ToleranceDex);
        var rng = new Random(r.Seed);
        var draws = Enumerable.Range(0, r.Resamples).Select(_ => Enumerable.Range(0, groups.Count).Select(_ => rng.Next(groups.Count)).ToArray()).ToArray();
        var samples = r.MethodList.ToDictionary(m => m, _ => new Frontier?[r.Resamples]);
        var delta = r.ParametricOptions.HuberDelta;
        Parallel.For(0, r.Resamples, Parallelism.Options(cancel), () => new Lbfgs(5, LbfgsOptions.Tight.Memory), (k, _, ws) =>
        {
            // Each drawn copy of a budget is its own group, so a budget drawn twice counts twice in Approach 2 as well.
            var profiles = draws[k].Select(i => IsoFlopFit.Profile(groups[i], r.MinPoints)).ToList();
            var sample = draws[k].SelectMany(i => groups[i].Points).ToList();
            foreach (var m in r.MethodList)
            {
                samples[m][k] = m switch
                {
                    BacktestMethod.Approach2 => Frontier.Vertices(profiles, weighted: false),
                    BacktestMethod.Approach2Weighted => Frontier.Vertices(profiles, weighted: true),
                    _ => Refit(sample, fit, delta, ws),
                };
            }
            return ws;
        }, _ => { });
        return samples;
    }

    private static Frontier? Refit(IReadOnlyList<RunPoint> sample, ParametricFitResult fit, double delta, Lbfgs ws)
    {
        if (sample.Select(p => (p.Parameters.Value, p.Tokens.Value)).Distinct().Count() < 5) return null;
        var (x, result) = ParametricFit.FitFrom(sample, fit.X, delta, LbfgsOptions.Tight, ws);
        if (!double.IsFinite(result.F)) return null;
        var law = new ChinchillaLaw("resample", Math.Exp(x[HuberLseObjective.E]), Math.Exp(x[HuberLseObjective.A]), Math.Exp(x[HuberLseObjective.B]),
            x[HuberLseObjective.Alpha], x[HuberLseObjective.Beta], new Source("resample", "", 0));
        return LawChecks.Problem(law) is null ? Frontier.Law(law) : null;
    }

    private static MethodPrediction Compare(BacktestMethod m, FrontierPoint at, Interval? nIv, Interval? lIv, IsoFlopProfile observed, double confidence)
    {
        var z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        double? nErr = null, lErr = null;
        bool? nIn = null, lIn = null;
        if (observed.OptimalParameters is { } on)
        {
            nErr = at.OptimalParameters / on.Value - 1;
            if (nIv is { } iv && double.IsFinite(iv.Low))
                nIn = Inside(Math.Log(iv.Low), Math.Log(iv.High), Math.Log(on.Value), z * (observed.LogOptimumError ?? 0));
        }
        if (observed.MinimumLoss is { } ol)
        {
            lErr = at.OptimalLoss / ol.Value - 1;
            if (lIv is { } iv && double.IsFinite(iv.Low)) lIn = Inside(iv.Low, iv.High, ol.Value, z * (observed.MinimumLossError ?? 0));
        }
        return new MethodPrediction(m, new(at.OptimalParameters), new(at.OptimalLoss), nIv, lIv, nErr, lErr, nIn, lIn);
    }

    // The observation is inside when it lies within the interval widened, in quadrature, by its own error.
    private static bool Inside(double low, double high, double value, double ownHalfWidth)
    {
        var mid = (low + high) / 2;
        var lower = mid - Math.Sqrt(Math.Pow(mid - low, 2) + ownHalfWidth * ownHalfWidth);
        var upper = mid + Math.Sqrt(Math.Pow(high - mid, 2) + ownHalfWidth * ownHalfWidth);
        return value >= lower && value <= upper;
    }

    // The chosen method's prediction becomes the budget's top-level answer; its interval is the pooled one (model-choice spread included).
    private static HeldOutBudget Finish(HeldOutBudget b, BacktestMethod chosen)
    {
        var m = b.Methods.FirstOrDefault(x => x.Name == chosen) ?? b.Methods.FirstOrDefault();
        if (m is null) return b;
        var pooled = b.OptimalParametersInterval is not null
            ? Compare(chosen, new FrontierPoint(m.PredictedOptimalParameters.Value, m.PredictedOptimalLoss.Value), b.OptimalParametersInterval, b.OptimalLossInterval,
                new IsoFlopProfile(b.Flops, b.Points, [], b.ObservedOptimalParameters, null, b.ObservedMinimumLoss, null)
                { LogOptimumError = b.ObservedLogOptimumError, MinimumLossError = b.ObservedMinimumLossError }, 0.95)
            : m;
        return b with
        {
            Method = m.Name, PredictedOptimalParameters = m.PredictedOptimalParameters, PredictedOptimalLoss = m.PredictedOptimalLoss,
            ParametersError = m.ParametersError, LossError = m.LossError,
            InsideParametersInterval = pooled.InsideParametersInterval, InsideLossInterval = pooled.InsideLossInterval,
        };
    }

    private static (BacktestMethod, string) Choose(IReadOnlyList<HeldOutBudget> evidence, string how)
    {
        var scores = evidence.SelectMany(b => b.Methods).Where(m => m.ParametersError is not null)
            .GroupBy(m => m.Name)
            .Select(g => (Method: g.Key, N: g.Average(m => Math.Abs(m.ParametersError!.Value)),
                L: g.Where(m => m.LossError is not null).Select(m => Math.Abs(m.LossError!.Value)).DefaultIfEmpty(double.NaN).Average(), Count: g.Count()))
            .OrderBy(s => s.N).ThenBy(s => s.L).ToList();
        if (scores.Count == 0) return (BacktestMethod.Approach3, $"no budget of the {how} had a bracketed vertex to score methods on; approach3 by default");
        var best = scores[0];
        var table = string.Join(", ", scores.Select(s => FormattableString.Invariant($"{Name(s.Method)} {s.N:0.0%} (loss {s.L:0.00%})")));
        return (best.Method, $"lowest mean optimal-size error in {how} ({best.Count} budgets): {table}");
    }

    private static IReadOnlyList<MethodSummary> Summaries(IReadOnlyList<HeldOutBudget> budgets, BacktestRequest r) =>
        r.MethodList.Select(m =>
        {
            var preds = budgets.SelectMany(b => b.Methods).Where(x => x.Name == m).ToList();
            var n = preds.Where(p => p.ParametersError is not null).Select(p => Math.Abs(p.ParametersError!.Value)).ToList();
            var l = preds.Where(p => p.LossError is not null).Select(p => Math.Abs(p.LossError!.Value)).ToList();
            return new MethodSummary(m, preds.Count, n.Count > 0 ? n.Average() : null, l.Count > 0 ? l.Average() : null,
                r.Resamples > 0 ? preds.Count(p => p.InsideParametersInterval == true) : null,
                r.Resamples > 0 ? preds.Count(p => p.InsideLossInterval == true) : null);
        }).ToList();

    private static void Warn(IReadOnlyList<HeldOutBudget> budgets, List<string> warnings, BacktestRequest r)
    {
        foreach (var b in budgets)
        {
            var c = new Flops(b.Flops);
            if (b.ObservedOptimalParameters is null)
                warnings.Add($"the held-out budget {c} has no bracketed IsoFLOP minimum (its parabola's minimum lies outside the sizes tried, or it opens downwards): add sizes above and below its optimum to score predictions there");
            else if (b.InsideParametersInterval == false)
                warnings.Add($"at {c} the observed optimum {b.ObservedOptimalParameters} lies outside the {r.Confidence:0%} interval [{new Parameters(b.OptimalParametersInterval!.Value.Low)}, {new Parameters(b.OptimalParametersInterval.Value.High)}] of the prediction {b.PredictedOptimalParameters}: the fit does not extrapolate to this budget as well as its interval claims; add a budget between the training range and this one, or widen the sizes tried");
        }
    }
}
