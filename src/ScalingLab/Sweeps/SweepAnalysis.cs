using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>One approach's prediction at the target budget, with bootstrap intervals, or why it has none.</summary>
public sealed record ApproachPrediction(string Approach, string Method, double? Parameters, double? Tokens, double? Loss,
    Interval? ParametersInterval, Interval? TokensInterval, Interval? LossInterval, int Resamples, string? Skipped = null);

/// <summary>What `sweep analyze` found: each approach's prediction, the backtest, the headline prediction and the warnings.</summary>
public sealed record SweepAnalysisResult(Flops Target, int Runs, IReadOnlyList<ApproachPrediction> Approaches, ApproachPrediction Prediction,
    BacktestResult? Backtest, FitReport Parametric, IReadOnlyList<string> Warnings);

/// <summary>
/// Predicts the target budget from a sweep's runs three ways (Hoffmann et al. 2022) and puts them side
/// by side. Approach 3 is the parametric fit with its bootstrap (refits of resampled runs). Approach
/// 2 fits an IsoFLOP parabola per budget and power laws N*(C), D*(C) through the minima; its loss is
/// a power law L*(C) through the parabolas' minimum losses; its intervals come from resampling the
/// runs within each budget and refitting everything. Approach 1 takes the lower envelope of the
/// training curves, with power laws for N*, D* and the envelope's loss; its intervals come from
/// resampling whole curves. The headline is Approach 3 (the form that extrapolates the loss with an
/// irreducible term); a warning says when two approaches' intervals do not overlap.
/// </summary>
public static class SweepAnalysis
{
    public static SweepAnalysisResult Analyze(RunTable finals, RunTable? curves, Flops target, int resamples = 200, int seed = 0)
    {
        var c = target.Value;
        var report = FitAdapter.Parametric(finals, target, resamples, seed);
        var fit = report.Parametric!;
        var law = fit.ToLaw("sweep", new Laws.Source("sweep analyze", "Approach 3", DateTime.UtcNow.Year));
        var opt = ClosedForm.ComputeOptimal(law, target);
        var b = report.Bootstrap;
        var a3 = new ApproachPrediction("approach3", "L = E + A/N^alpha + B/D^beta (Huber, L-BFGS), closed-form optimum", opt.Parameters.Value, opt.Tokens.Value, opt.Loss.Value,
            b?.Intervals.NOpt, b?.Intervals.DOpt, b?.Intervals.Loss, b?.Resamples ?? 0);

        var a2 = IsoFlop(finals.Points, c, resamples, seed);
        var a1 = curves is null
            ? new ApproachPrediction("approach1", "envelope of training curves", null, null, null, null, null, null, 0, "no training curves")
            : Envelope(curves.Points, c, resamples, seed);
        var all = new[] { a1, a2, a3 };
        var warnings = new List<string>(fit.Diagnostics.Warnings);
        foreach (var (x, y) in new[] { (a1, a2), (a1, a3), (a2, a3) })
        {
            if (Disjoint(x.ParametersInterval, y.ParametersInterval))
                warnings.Add($"{x.Approach} and {y.Approach} disagree on the optimal parameters beyond their intervals ({Fmt(x.ParametersInterval)} vs {Fmt(y.ParametersInterval)})");
            if (Disjoint(x.LossInterval, y.LossInterval))
                warnings.Add($"{x.Approach} and {y.Approach} disagree on the loss beyond their intervals ({Fmt(x.LossInterval, 4)} vs {Fmt(y.LossInterval, 4)})");
        }
        var largest = finals.Points.Max(p => p.Flops.Value);
        if (c > 100 * largest) warnings.Add($"the target is {c / largest:0}x the largest sweep budget: an extrapolation of more than two decades");
        return new SweepAnalysisResult(target, finals.Points.Count, all, a3, report.Backtest, report, warnings);
    }

    private static bool Disjoint(Interval? a, Interval? b) =>
        a is { } x && b is { } y && double.IsFinite(x.Low) && double.IsFinite(y.Low) && (x.High < y.Low || y.High < x.Low);

    private static string Fmt(Interval? i, int sig = 3) => i is { } v ? $"[{QuantityFormat.Significant(v.Low, sig)}, {QuantityFormat.Significant(v.High, sig)}]" : "n/a";

    private static (double N, double D, double L)? PredictIso(IReadOnlyList<RunPoint> points, double c)
    {
        var (iso, _) = FitAdapter.IsoFlop(points);
        if (iso is null) return null;
        var used = iso.Profiles.Where(p => p.Used).ToList();
        var loss = FitAdapter.Power(used.Select(p => p.Flops).ToList(), used.Select(p => p.MinimumLoss!.Value.Value).ToList());
        return (iso.Parameters.At(c), iso.Tokens.At(c), loss.At(c));
    }

    private static ApproachPrediction IsoFlop(IReadOnlyList<RunPoint> points, double c, int resamples, int seed)
    {
        const string method = "IsoFLOP parabolas; N*, D*, L* power laws in C";
        var (_, reason) = FitAdapter.IsoFlop(points);
        if (PredictIso(points, c) is not { } p) return new("approach2", method, null, null, null, null, null, null, 0, reason);
        var groups = FitAdapter.Budgets(points);
        var rng = new Random(seed);
        var draws = new List<(double N, double D, double L)>();
        for (var r = 0; r < resamples; r++)
        {
            var sample = groups.SelectMany(g => Enumerable.Range(0, g.Points.Count).Select(_ => g.Points[rng.Next(g.Points.Count)])).ToList();
            if (PredictIso(sample, c) is { } q) draws.Add(q);
        }
        return Summarise("approach2", method, p, draws);
    }

    private static (double N, double D, double L)? PredictEnvelope(IReadOnlyList<RunPoint> curves, double c, int flopValues)
    {
        var (env, _) = FitAdapter.Envelope(curves, flopValues);
        if (env is null) return null;
        var loss = FitAdapter.Power(env.Envelope.Select(e => e.Flops.Value).ToList(), env.Envelope.Select(e => e.Loss.Value).ToList());
        return (env.Parameters.At(c), env.Tokens.At(c), loss.At(c));
    }

    private static ApproachPrediction Envelope(IReadOnlyList<RunPoint> curves, double c, int resamples, int seed)
    {
        const string method = "lower envelope of training curves; N*, D*, L power laws in C";
        const int flopValues = 300;
        var (_, reason) = FitAdapter.Envelope(curves, flopValues);
        if (PredictEnvelope(curves, c, flopValues) is not { } p) return new("approach1", method, null, null, null, null, null, null, 0, reason);
        var runs = curves.GroupBy(x => x.RunId).Select(g => g.ToList()).ToList();
        var rng = new Random(seed);
        var draws = new List<(double N, double D, double L)>();
        for (var r = 0; r < Math.Min(resamples, 100); r++)
        {
            // A curve drawn twice is two curves: it keeps its points under a new run id.
            var sample = Enumerable.Range(0, runs.Count)
                .SelectMany(k => runs[rng.Next(runs.Count)].Select(x => x with { RunId = $"{x.RunId}#{k}" })).ToList();
            if (PredictEnvelope(sample, c, flopValues) is { } q) draws.Add(q);
        }
        return Summarise("approach1", method, p, draws);
    }

    private static ApproachPrediction Summarise(string name, string method, (double N, double D, double L) p, List<(double N, double D, double L)> draws)
    {
        if (draws.Count < 10) return new(name, method, p.N, p.D, p.L, null, null, null, draws.Count);
        return new(name, method, p.N, p.D, p.L,
            Interval.Central(draws.Select(d => d.N), FitAdapter.Confidence),
            Interval.Central(draws.Select(d => d.D), FitAdapter.Confidence),
            Interval.Central(draws.Select(d => d.L), FitAdapter.Confidence), draws.Count);
    }
}
