using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Sweeps;
using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// The frontiers a sweep was fitted to, as functions of compute: Approach 3's law (with its
/// bootstrap laws for a band; null when the fit is no scaling law), Approach 2's IsoFLOP fit and
/// Approach 1's envelope (each with a power law of the loss in C), whichever could be fitted.
/// </summary>
public sealed record SweepFrontiers(ChinchillaLaw? Law, IReadOnlyList<ChinchillaLaw>? Samples,
    (IsoFlopResult Fit, PowerLaw Loss)? IsoFlop, (EnvelopeResult Fit, PowerLaw Loss)? Envelope);

/// <summary>
/// How a sweep's fits carry to the target budget, against compute on a logarithmic axis labelled in
/// FLOPs, with the span of the sweep's own budgets shaded: the optimal model size, and the loss at
/// the optimum. Each approach draws its frontier in its own colour (Approach 3 with its 95%
/// bootstrap band), its prediction at the target with the interval as a bar, and a run trained to
/// verify the sweep appears at its budget: the size it trained, the loss it measured.
/// </summary>
public static class ForecastFigures
{
    internal static readonly (string Key, string Name, Color Color)[] Approaches =
    [
        ("approach3", "Approach 3 (parametric law)", PlotStyle.Highlight),
        ("approach2", "Approach 2 (IsoFLOP parabolas)", PlotStyle.Secondary),
        ("approach1", "Approach 1 (envelope of curves)", PlotStyle.Tertiary),
    ];

    public static Figure OptimalSize(SweepAnalysisResult a, SweepFrontiers f, IReadOnlyList<double> budgets, IReadOnlyList<SweepVerification> verified)
    {
        var plt = PlotStyle.New("Compute-optimal model size, from the sweep to the target", "compute budget C (FLOPs)", "optimal model size N* (parameters)");
        var grid = Grid(a, budgets, verified);
        var legend = new List<LegendItem>();
        var ys = new List<double>();
        Span(plt, budgets, legend);

        if (f.Law is { } law)
        {
            if (f.Samples is { Count: >= 10 } samples)
                Band(plt, grid, c => samples.Select(l => ClosedForm.ComputeOptimal(l, new Flops(c)).Parameters.Value), Color(0), legend);
            ys.AddRange(Curve(plt, grid, c => ClosedForm.ComputeOptimal(law, new Flops(c)).Parameters.Value, 0, legend));
        }
        if (f.IsoFlop is { } iso)
        {
            ys.AddRange(Curve(plt, grid, iso.Fit.Parameters.At, 1, legend));
            var used = iso.Fit.Profiles.Where(p => p.Used).ToList();
            ys.AddRange(Points(plt, used.Select(p => p.Flops), used.Select(p => p.OptimalParameters!.Value.Value), Color(1), MarkerShape.OpenSquare,
                "parabola minimum at each sweep budget", legend, log: true));
        }
        if (f.Envelope is { } env) ys.AddRange(Curve(plt, grid, env.Fit.Parameters.At, 2, legend));
        ys.AddRange(Predictions(plt, a, p => (p.Parameters, p.ParametersInterval), legend, log: true));
        if (verified.Count > 0)
            ys.AddRange(Points(plt, verified.Select(v => v.Flops), verified.Select(v => v.Parameters), Colors.Black, MarkerShape.FilledDiamond,
                "size trained by the verification run", legend, log: true, size: 13));

        var (yLo, yHi) = Extent(ys.Select(Math.Log10), 0.25);
        Finish(plt, grid, yLo, yHi, legend);
        plt.Axes.Left.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        var caption = $"The optimal model size each approach predicts as compute grows, from the sweep's budgets (shaded) to the target of {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs; "
            + "bars at the target are 95% bootstrap intervals (approaches side by side, a little apart so the bars do not overlap)."
            + (verified.Count > 0 ? " The diamond is the size the verification run trained." : "");
        return new Figure("optimal-size", caption, plt, 960, 600);
    }

    public static Figure Loss(SweepAnalysisResult a, SweepFrontiers f, IReadOnlyList<RunPoint> finals, IReadOnlyList<double> budgets, IReadOnlyList<SweepVerification> verified)
    {
        var plt = PlotStyle.New("Loss at the compute-optimal size, from the sweep to the target", "compute budget C (FLOPs)", "loss (nats/token)");
        var grid = Grid(a, budgets, verified);
        var legend = new List<LegendItem>();
        var ys = new List<double>();
        Span(plt, budgets, legend);
        ys.AddRange(Points(plt, finals.Select(p => p.Flops.Value), finals.Select(p => p.Loss.Value), PlotStyle.Muted.WithAlpha(0.55), MarkerShape.FilledCircle,
            $"final validation loss of each sweep run ({finals.Count})", legend, log: false, size: 6));

        if (f.Law is { } law)
        {
            if (f.Samples is { Count: >= 10 } samples)
                Band(plt, grid, c => samples.Select(l => ClosedForm.ComputeOptimal(l, new Flops(c)).Loss.Value), Color(0), legend, log: false);
            ys.AddRange(Curve(plt, grid, c => ClosedForm.ComputeOptimal(law, new Flops(c)).Loss.Value, 0, legend, log: false));
        }
        if (f.IsoFlop is { } iso) ys.AddRange(Curve(plt, grid, iso.Loss.At, 1, legend, log: false));
        if (f.Envelope is { } env) ys.AddRange(Curve(plt, grid, env.Loss.At, 2, legend, log: false));
        ys.AddRange(Predictions(plt, a, p => (p.Loss, p.LossInterval), legend, log: false));
        foreach (var v in verified)
        {
            if (double.IsFinite(v.LossInterval.Low))
                Bar(plt, Math.Log10(v.Flops), v.LossInterval.Low, v.LossInterval.High, Colors.Black.WithAlpha(0.5));
            ys.Add(v.PredictedLoss);
        }
        if (verified.Count > 0)
        {
            ys.AddRange(Points(plt, verified.Select(v => v.Flops), verified.Select(v => v.MeasuredLoss), Colors.Black, MarkerShape.FilledDiamond,
                "verification run: measured loss (bar: the law's 95% interval for that run)", legend, log: false, size: 13));
            Points(plt, verified.Select(v => v.Flops), verified.Select(v => v.PredictedLoss), Colors.Black, MarkerShape.OpenCircle,
                "verification run: the law's prediction for its size and tokens", legend, log: false, size: 11);
        }

        var (yLo, yHi) = Extent(ys, 0.08);
        Finish(plt, grid, yLo, yHi, legend);
        var caption = $"The loss each approach expects at the compute-optimal size as compute grows, with the sweep's runs (grey) and their budgets (shaded); "
            + $"Approach 3 is the headline because its irreducible term keeps the extrapolation from falling without bound. Bars at {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs are 95% bootstrap intervals."
            + (verified.Count > 0 ? " The diamond is the loss the verification run measured; the circle beside it, what the law predicted for that run." : "");
        return new Figure("loss-forecast", caption, plt, 960, 600);
    }

    internal static Color Color(int approach) => Approaches[approach].Color;

    // log10 C from below the smallest budget to beyond the target and any verification run.
    private static double[] Grid(SweepAnalysisResult a, IReadOnlyList<double> budgets, IReadOnlyList<SweepVerification> verified)
    {
        var lo = Math.Log10(budgets.Min()) - 0.1;
        var hi = Math.Log10(Math.Max(a.Target.Value, verified.Select(v => v.Flops).DefaultIfEmpty(0).Max())) + 0.1;
        return Enumerable.Range(0, 80).Select(i => lo + (hi - lo) * i / 79).ToArray();
    }

    internal static void Span(Plot plt, IReadOnlyList<double> budgets, List<LegendItem> legend, string label = "budgets the sweep ran")
    {
        var s = plt.Add.HorizontalSpan(Math.Log10(budgets.Min()), Math.Log10(budgets.Max()));
        s.FillColor = Colors.Black.WithAlpha(0.06);
        s.LineColor = Colors.Transparent;
        legend.Add(new LegendItem { LabelText = label, FillColor = Colors.Black.WithAlpha(0.12), LineColor = Colors.Transparent, MarkerShape = MarkerShape.None });
    }

    internal static IEnumerable<double> Curve(Plot plt, double[] grid, Func<double, double> at, int approach, List<LegendItem> legend, bool log = true)
    {
        var ys = grid.Select(x => at(Math.Pow(10, x))).ToArray();
        var ok = ys.Select((y, i) => (y, i)).Where(t => double.IsFinite(t.y) && t.y > 0).ToList();
        if (ok.Count < 2) return [];
        var line = plt.Add.ScatterLine(ok.Select(t => grid[t.i]).ToArray(), ok.Select(t => log ? Math.Log10(t.y) : t.y).ToArray());
        line.Color = Color(approach);
        line.LineWidth = approach == 0 ? 2.5f : 2f;
        legend.Add(LegendKey.Line(Approaches[approach].Name, Color(approach), line.LineWidth));
        return ok.Select(t => t.y);
    }

    internal static void Band(Plot plt, double[] grid, Func<double, IEnumerable<double>> samples, Color color, List<LegendItem> legend, bool log = true)
    {
        var iv = grid.Select(x => Interval.Central(samples(Math.Pow(10, x)).Where(v => v > 0))).ToArray();
        var ok = Enumerable.Range(0, grid.Length).Where(i => double.IsFinite(iv[i].Low) && iv[i].Low > 0).ToArray();
        if (ok.Length < 2) return;
        double Y(double v) => log ? Math.Log10(v) : v;
        var band = plt.Add.FillY(ok.Select(i => grid[i]).ToArray(), ok.Select(i => Y(iv[i].Low)).ToArray(), ok.Select(i => Y(iv[i].High)).ToArray());
        band.FillColor = color.WithAlpha(0.16);
        band.LineColor = Colors.Transparent;
        legend.Add(new LegendItem { LabelText = "Approach 3, 95% bootstrap band", FillColor = color.WithAlpha(0.25), LineColor = Colors.Transparent, MarkerShape = MarkerShape.None });
    }

    internal static IEnumerable<double> Points(Plot plt, IEnumerable<double> flops, IEnumerable<double> values, Color color, MarkerShape shape, string label,
        List<LegendItem> legend, bool log, float size = 10)
    {
        var ys = values.ToArray();
        var m = plt.Add.ScatterPoints(flops.Select(Math.Log10).ToArray(), ys.Select(y => log ? Math.Log10(y) : y).ToArray());
        m.Color = color;
        m.MarkerShape = shape;
        m.MarkerSize = size;
        legend.Add(LegendKey.Marker(label, shape, color, size));
        return ys;
    }

    // Each approach's prediction at the target, with its interval, a little apart in x.
    private static IEnumerable<double> Predictions(Plot plt, SweepAnalysisResult a, Func<ApproachPrediction, (double? Value, Interval? Interval)> pick,
        List<LegendItem> legend, bool log)
    {
        var x0 = Math.Log10(a.Target.Value);
        var ys = new List<double>();
        for (var k = 0; k < Approaches.Length; k++)
        {
            var p = a.Approaches.FirstOrDefault(q => q.Approach == Approaches[k].Key);
            if (p is null || p.Skipped is not null || pick(p).Value is not { } v || !(v > 0)) continue;
            var x = x0 + (k - 1) * 0.035;
            if (pick(p).Interval is { } iv && double.IsFinite(iv.Low) && double.IsFinite(iv.High))
                Bar(plt, x, log ? Math.Log10(Math.Max(iv.Low, v / 1e3)) : iv.Low, log ? Math.Log10(Math.Min(iv.High, v * 1e3)) : iv.High, Color(k));
            var m = plt.Add.ScatterPoints(new[] { x }, new[] { log ? Math.Log10(v) : v });
            m.Color = Color(k);
            m.MarkerShape = MarkerShape.FilledCircle;
            m.MarkerSize = 11;
            ys.Add(v);
        }
        if (ys.Count > 0) legend.Add(LegendKey.Marker($"prediction at the target, {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs (bar: 95% interval)", MarkerShape.FilledCircle, PlotStyle.Muted, 11));
        return ys;
    }

    internal static void Bar(Plot plt, double x, double lo, double hi, Color color)
    {
        var bar = plt.Add.Line(x, lo, x, hi);
        bar.Color = color;
        bar.LineWidth = 3;
        bar.MarkerSize = 0;
    }

    internal static (double Lo, double Hi) Extent(IEnumerable<double> values, double padShare)
    {
        var v = values.Where(double.IsFinite).ToList();
        var (lo, hi) = (v.Min(), v.Max());
        var pad = Math.Max((hi - lo) * padShare, Math.Max(Math.Abs(hi) * 0.01, 1e-3));
        return (lo - pad, hi + pad);
    }

    internal static void Finish(Plot plt, double[] grid, double yLo, double yHi, List<LegendItem> legend)
    {
        plt.Legend.ManualItems.AddRange(legend);
        plt.Axes.SetLimits(grid[0], grid[^1], yLo, yHi);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Scientific(v, 2));
        PlotStyle.LegendOutside(plt);
    }
}
