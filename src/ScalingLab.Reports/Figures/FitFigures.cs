using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Reports.Tables;
using ScalingLab.Units;
using ScottPlot;
using static ScalingLab.Reports.Figures.ForecastFigures;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// The figures of a fit report beside <see cref="FitPlot"/>: the compute-optimal frontier of every
/// approach carried from the fitted budgets to the report's budget (Approach 3 with its bootstrap
/// band), and Approach 3's residuals against model size.
/// </summary>
public static class FitFigures
{
    /// <summary>
    /// Optimal model size against compute on log axes in real units: the budgets of the runs shaded,
    /// Approach 3's frontier with its 95% bootstrap band, Approach 2's power law through the IsoFLOP
    /// parabolas' minima (each with its delta-method 95% error), Approach 1's through the envelope, and
    /// each approach's answer at <paramref name="target"/> (Approach 3's with its bootstrap interval).
    /// </summary>
    public static Figure Frontier(FitReport r, Flops target)
    {
        var pts = r.Table.Points;
        var budgets = BudgetGroups.Of(pts, r.Request.BudgetToleranceDex).Select(g => g.Flops).ToList();
        var plt = PlotStyle.New("Compute-optimal model size: every approach, with intervals", "compute budget C (FLOPs)", "optimal model size N* (parameters)");
        var lo = Math.Log10(budgets.Min()) - 0.15;
        var hi = Math.Log10(Math.Max(target.Value, budgets.Max())) + 0.15;
        var grid = Enumerable.Range(0, 90).Select(i => lo + (hi - lo) * i / 89).ToArray();
        var legend = new List<LegendItem>();
        var ys = new List<double>();
        Span(plt, budgets, legend, "budgets of the fitted runs");

        var law = r.Parametric is { } f && FitTables.IsLaw(f) ? f.ToLaw("fit", new Laws.Source("fit", "", 0)) : null;
        if (law is not null)
        {
            if (r.Bootstrap?.Samples is { Count: >= 10 } samples)
                Band(plt, grid, c => samples.Select(l => ClosedForm.ComputeOptimal(l, new Flops(c)).Parameters.Value), Color(0), legend);
            ys.AddRange(Curve(plt, grid, c => ClosedForm.ComputeOptimal(law, new Flops(c)).Parameters.Value, 0, legend));
        }
        if (r.IsoFlop is { } iso)
        {
            ys.AddRange(Curve(plt, grid, iso.Parameters.At, 1, legend));
            var used = iso.Profiles.Where(p => p.Used && p.OptimalParameters is not null).ToList();
            foreach (var p in used.Where(p => p.LogOptimumError is { } e && double.IsFinite(e)))
            {
                // The vertex's 95% error in ln N*, drawn on the log10 axis and kept within a decade each way.
                var half = Math.Min(1.96 * p.LogOptimumError!.Value / Math.Log(10), 1);
                var y = Math.Log10(p.OptimalParameters!.Value.Value);
                Bar(plt, Math.Log10(p.Flops), y - half, y + half, Color(1).WithAlpha(0.45));
            }
            ys.AddRange(Points(plt, used.Select(p => p.Flops), used.Select(p => p.OptimalParameters!.Value.Value), Color(1), MarkerShape.OpenSquare,
                "IsoFLOP parabola minimum at each budget (bar: its 95% error)", legend, log: true));
        }
        if (r.Envelope is { } env)
        {
            ys.AddRange(Curve(plt, grid, env.Parameters.At, 2, legend));
            Points(plt, env.Envelope.Select(e => e.Flops.Value), env.Envelope.Select(e => e.Parameters.Value), Color(2), MarkerShape.OpenTriangleUp,
                "run on the lower envelope of the training curves", legend, log: true, size: 8);
        }

        var x = Math.Log10(target.Value);
        if (law is not null)
        {
            var n = ClosedForm.ComputeOptimal(law, target).Parameters.Value;
            if (r.Bootstrap?.Intervals is { } iv && double.IsFinite(iv.NOpt.Low) && iv.NOpt.Low > 0)
            {
                Bar(plt, x, Math.Log10(iv.NOpt.Low), Math.Log10(iv.NOpt.High), Color(0));
                ys.AddRange([iv.NOpt.Low, iv.NOpt.High]);
            }
            ys.AddRange(Points(plt, [target.Value], [n], Color(0), MarkerShape.FilledCircle,
                $"Approach 3's optimum at {QuantityFormat.Scientific(target.Value, 3)} FLOPs" + (r.Bootstrap is null ? "" : " (bar: 95% bootstrap interval)"), legend, log: true, size: 11));
        }

        var (yLo, yHi) = Extent(ys.Where(v => v > 0).Select(Math.Log10), 0.08);
        Finish(plt, grid, yLo, yHi, legend);
        plt.Axes.Left.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        var caption = $"The model size each approach makes compute-optimal as the budget grows, from the fitted runs' budgets (shaded) to {QuantityFormat.Scientific(target.Value, 3)} FLOPs. "
            + (law is null ? "Approach 3's fit is no scaling law, so it has no frontier. " : r.Bootstrap is null ? "Approach 3 without a band: add --bootstrap for its interval. " : $"The orange band is Approach 3's 95% interval over {r.Bootstrap.Resamples} bootstrap refits. ")
            + (r.IsoFlop is null ? "" : "Squares are the minima of the IsoFLOP parabolas Approach 2's power law is fitted through. ")
            + (r.Envelope is null ? "" : "Triangles are the runs on the lower envelope of the training curves (Approach 1).");
        return new Figure("frontier", caption.TrimEnd(), plt, 960, 600);
    }

    /// <summary>
    /// Approach 3's relative residual, observed over fitted loss minus one, against model size on a log
    /// axis in parameters, each run coloured by its budget; a structure here (a trend in N, one budget
    /// off to one side) is what the law does not capture.
    /// </summary>
    public static Figure Residuals(FitReport r)
    {
        var f = r.Parametric ?? throw new ArgumentException("the fit has no Approach-3 law", nameof(r));
        var law = f.ToLaw("fit", new Laws.Source("fit", "", 0));
        var pts = r.Table.Points;
        var res = Residual.Of(r);
        var plt = PlotStyle.New("Residuals of the fitted law (Approach 3)", "model size N (parameters)", "observed / fitted loss − 1 (%)");
        var colors = new BudgetColors(pts.Select(p => p.Flops.Value));
        var xMin = Math.Log10(pts.Min(p => p.Parameters.Value)) - 0.1;
        var xMax = Math.Log10(pts.Max(p => p.Parameters.Value)) + 0.1;
        var zero = plt.Add.HorizontalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1.5f;
        zero.LinePattern = LinePattern.Solid;
        var span = ResidualSpan(res.Select(x => x.Percent).ToList());
        foreach (var g in BudgetGroups.Of(pts, r.Request.BudgetToleranceDex))
        {
            var inside = g.Points.Select(p => Residual.At(law, p)).Where(x => Math.Abs(x.Percent) <= span).ToList();
            var m = plt.Add.ScatterPoints(inside.Select(x => Math.Log10(x.Point.Parameters.Value)).ToArray(), inside.Select(x => x.Percent).ToArray());
            m.Color = colors.For(g.Flops).WithAlpha(0.85);
            m.MarkerSize = 6;
        }
        // Runs beyond the axis sit on its edge as arrows, so a few bad runs do not flatten the rest into a line.
        var beyond = res.Where(x => Math.Abs(x.Percent) > span).ToList();
        foreach (var x in beyond)
        {
            var m = plt.Add.ScatterPoints(new[] { Math.Log10(x.Point.Parameters.Value) }, new[] { Math.Sign(x.Percent) * span * 0.95 });
            m.Color = colors.For(x.Point.Flops.Value);
            m.MarkerShape = x.Percent > 0 ? MarkerShape.FilledTriangleUp : MarkerShape.FilledTriangleDown;
            m.MarkerSize = 10;
        }
        plt.Axes.SetLimits(xMin, xMax, -span, span);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        var legend = new List<LegendItem>
        {
            LegendKey.Marker($"run ({pts.Count}), coloured by budget: above zero, the law predicts too low a loss", MarkerShape.FilledCircle, PlotStyle.Muted),
            LegendKey.Line("the fitted law (zero residual)", Colors.Black, 1.5f),
        };
        if (beyond.Count > 0)
            legend.Add(LegendKey.Marker($"{beyond.Count} run(s) beyond ±{span:0.#}%, drawn on the edge (the table below lists the worst)", MarkerShape.FilledTriangleUp, PlotStyle.Muted, 10));
        plt.Legend.ManualItems.AddRange(legend);
        colors.AddColorBar(plt);
        PlotStyle.LegendOutside(plt);
        var rms = Math.Sqrt(res.Average(x => x.Percent * x.Percent));
        var within = res.Count(x => Math.Abs(x.Percent) <= 2);
        var median = res.Select(x => Math.Abs(x.Percent)).Order().ElementAt(res.Count / 2);
        var caption = $"How far each run's loss lies from L = E + A/N^α + B/D^β at its own N and D: median |residual| {median:0.00}%, root mean square {rms:0.00}%, "
            + $"{within} of {res.Count} runs within ±2%. The fit minimises a Huber loss on log residuals (δ = {f.HuberDelta:g3}), so a few runs far out weigh less than in least squares.";
        return new Figure("residuals", caption, plt, 960, 560);
    }

    /// <summary>
    /// Half the height of the residual axis, in percent, symmetric about zero so over- and
    /// under-prediction read alike: every run when the largest is within 1.5x of the 95th percentile
    /// of |residual|, else 1.5x that percentile (the far runs are drawn on the edge); at least 0.5%.
    /// </summary>
    public static double ResidualSpan(IReadOnlyList<double> percents)
    {
        var abs = percents.Select(Math.Abs).Where(double.IsFinite).Order().ToList();
        if (abs.Count == 0) return 1;
        var q = abs[(int)Math.Floor(0.95 * (abs.Count - 1))];
        var max = abs[^1];
        return Math.Max(max <= 1.5 * q ? 1.1 * max : 1.5 * q, 0.5);
    }
}

/// <summary>One run's residual under Approach 3's law: observed over fitted loss minus one, in percent.</summary>
public sealed record Residual(RunPoint Point, double Fitted, double Percent)
{
    public static IReadOnlyList<Residual> Of(FitReport r)
    {
        var f = r.Parametric ?? throw new ArgumentException("the fit has no Approach-3 law", nameof(r));
        var law = f.ToLaw("fit", new Laws.Source("fit", "", 0));
        return r.Table.Points.Select(p => At(law, p)).ToList();
    }

    public static Residual At(Laws.ChinchillaLaw law, RunPoint p)
    {
        var fitted = law.Loss(p.Parameters, p.Tokens).Value;
        return new Residual(p, fitted, 100 * (p.Loss.Value / fitted - 1));
    }
}
