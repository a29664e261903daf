using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>One run of a sweep on the (N, D) plane: its IsoFLOP budget, size, tokens, and whether it has completed (null for a design not yet run).</summary>
public sealed record DesignPoint(double Budget, double Parameters, double Tokens, bool? Completed = null);

/// <summary>
/// Where a sweep points: the target budget, the fitted law whose compute-optimal frontier runs from
/// the sweep's budgets to it, the predicted optimal size there with its interval, and the runs
/// trained at larger budgets to verify the prediction.
/// </summary>
public sealed record DesignOutlook(double Target, ChinchillaLaw Law, Interval? ParametersInterval, IReadOnlyList<DesignPoint> Verified);

/// <summary>
/// A sweep on the (N, D) plane, both axes logarithmic and labelled in parameters and tokens (50K,
/// 1M): each budget's IsoFLOP line D = C / 6N in its colour on one budget scale (colour bar), the
/// runs on it (filled once completed, open before), the prior law's optimum per budget when the
/// design knows it, and, once the sweep is fitted, the fitted frontier carried to the target
/// budget with the predicted optimum and its interval along the target's IsoFLOP line.
/// </summary>
public static class SweepDesignFigure
{
    public static Figure Build(string title, IReadOnlyList<DesignPoint> runs, IReadOnlyList<double>? priorOptima = null, string? priorName = null,
        DesignOutlook? outlook = null)
    {
        if (runs.Count == 0) throw new ArgumentException("expected at least one run", nameof(runs));
        var budgets = runs.Select(r => r.Budget).Distinct().Order().ToList();
        var colors = new BudgetColors(budgets);
        var plt = PlotStyle.New(title, "model size N (parameters)", "training tokens D");

        // Extent: the runs, and the target's optimum and interval when there is an outlook.
        var ns = runs.Select(r => r.Parameters).ToList();
        var ds = runs.Select(r => r.Tokens).ToList();
        Allocation.Allocation? optimum = null;
        if (outlook is not null)
        {
            optimum = ClosedForm.ComputeOptimal(outlook.Law, new Flops(outlook.Target));
            ns.Add(optimum.Parameters.Value);
            ds.Add(optimum.Tokens.Value);
            foreach (var v in outlook.Verified) { ns.Add(v.Parameters); ds.Add(v.Tokens); }
            if (outlook.ParametersInterval is { } iv && iv.Low > 0 && iv.High > 0)
            {
                // Along the target's IsoFLOP line, clamped so a wide interval does not flatten the design.
                ns.Add(Math.Max(iv.Low, optimum.Parameters.Value / 30));
                ns.Add(Math.Min(iv.High, optimum.Parameters.Value * 30));
            }
        }
        double xLo = Math.Log10(ns.Min()) - 0.15, xHi = Math.Log10(ns.Max()) + 0.15;
        double yLo = Math.Log10(ds.Min()) - 0.15, yHi = Math.Log10(ds.Max()) + 0.15;
        var xs = Enumerable.Range(0, 2).Select(i => xLo + (xHi - xLo) * i).ToArray();

        foreach (var c in budgets)
        {
            var line = plt.Add.ScatterLine(xs, xs.Select(x => Math.Log10(c / 6) - x).ToArray());
            line.Color = colors.For(c).WithAlpha(0.55);
            line.LineWidth = 1.5f;
        }
        foreach (var group in runs.GroupBy(r => r.Completed))
            foreach (var b in group.GroupBy(r => r.Budget))
            {
                var pts = plt.Add.ScatterPoints(b.Select(r => Math.Log10(r.Parameters)).ToArray(), b.Select(r => Math.Log10(r.Tokens)).ToArray());
                pts.Color = colors.For(b.Key);
                pts.MarkerShape = group.Key == false ? MarkerShape.OpenCircle : MarkerShape.FilledCircle;
                pts.MarkerSize = 9;
            }

        var legend = new List<LegendItem>
        {
            LegendKey.Marker(runs.All(r => r.Completed is null) ? $"runs ({runs.Count}), coloured by budget"
                : $"runs ({runs.Count(r => r.Completed == true)} of {runs.Count} completed; open: not yet), coloured by budget", MarkerShape.FilledCircle, PlotStyle.Muted),
            LegendKey.Line("IsoFLOP line of each budget, D = C / 6N", PlotStyle.Muted, 1.5f),
        };
        if (priorOptima is { Count: > 0 } && priorOptima.Count == budgets.Count)
        {
            var prior = plt.Add.ScatterPoints(priorOptima.Select(Math.Log10).ToArray(), priorOptima.Zip(budgets, (n, c) => Math.Log10(c / (6 * n))).ToArray());
            prior.Color = Colors.Black;
            prior.MarkerShape = MarkerShape.OpenDiamond;
            prior.MarkerSize = 13;
            legend.Add(LegendKey.Marker($"prior optimum at each budget ({priorName ?? "prior law"})", MarkerShape.OpenDiamond, Colors.Black));
        }

        if (outlook is not null && optimum is not null)
        {
            var target = outlook.Target;
            var t = plt.Add.ScatterLine(xs, xs.Select(x => Math.Log10(target / 6) - x).ToArray());
            t.Color = PlotStyle.Highlight.WithAlpha(0.6);
            t.LineWidth = 1.5f;
            t.LinePattern = LinePattern.Solid;
            legend.Add(LegendKey.Line($"IsoFLOP line of the target, {QuantityFormat.Scientific(target, 3)} FLOPs", PlotStyle.Highlight.WithAlpha(0.6), 1.5f));

            var cLo = Math.Log10(budgets[0]);
            var cHi = Math.Log10(Math.Max(target, outlook.Verified.Select(v => v.Budget).DefaultIfEmpty(0).Max()));
            var front = Enumerable.Range(0, 40).Select(k => ClosedForm.ComputeOptimal(outlook.Law, new Flops(Math.Pow(10, cLo + (cHi - cLo) * k / 39)))).ToArray();
            var f = plt.Add.ScatterLine(front.Select(a => Math.Log10(a.Parameters.Value)).ToArray(), front.Select(a => Math.Log10(a.Tokens.Value)).ToArray());
            f.Color = Colors.Black;
            f.LineWidth = 2;
            legend.Add(LegendKey.Line("compute-optimal frontier of the fitted law (Approach 3)", Colors.Black, 2));

            if (outlook.ParametersInterval is { } iv && iv.Low > 0 && iv.High > iv.Low)
            {
                var k = Enumerable.Range(0, 30).Select(i => Math.Log10(iv.Low) + (Math.Log10(iv.High) - Math.Log10(iv.Low)) * i / 29).ToArray();
                var band = plt.Add.ScatterLine(k, k.Select(x => Math.Log10(target / 6) - x).ToArray());
                band.Color = PlotStyle.Highlight.WithAlpha(0.45);
                band.LineWidth = 7;
                legend.Add(LegendKey.Line("95% interval of the optimal N at the target (bootstrap)", PlotStyle.Highlight.WithAlpha(0.45), 7));
            }
            var o = plt.Add.ScatterPoints(new[] { Math.Log10(optimum.Parameters.Value) }, new[] { Math.Log10(optimum.Tokens.Value) });
            o.Color = PlotStyle.Highlight;
            o.MarkerShape = MarkerShape.FilledCircle;
            o.MarkerSize = 13;
            legend.Add(LegendKey.Marker($"predicted optimum at the target: {QuantityFormat.Count(optimum.Parameters.Value)} parameters, {QuantityFormat.Count(optimum.Tokens.Value)} tokens",
                MarkerShape.FilledCircle, PlotStyle.Highlight));
            if (outlook.Verified.Count > 0)
            {
                var v = plt.Add.ScatterPoints(outlook.Verified.Select(r => Math.Log10(r.Parameters)).ToArray(), outlook.Verified.Select(r => Math.Log10(r.Tokens)).ToArray());
                v.Color = PlotStyle.Secondary;
                v.MarkerShape = MarkerShape.FilledDiamond;
                v.MarkerSize = 14;
                legend.Add(LegendKey.Marker("verification run (sweep verify)", MarkerShape.FilledDiamond, PlotStyle.Secondary));
            }
        }

        plt.Legend.ManualItems.AddRange(legend);
        plt.Axes.SetLimits(xLo, xHi, yLo, yHi);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        plt.Axes.Left.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        colors.AddColorBar(plt);
        PlotStyle.LegendOutside(plt);
        var caption = $"The sweep's {runs.Count} runs at {budgets.Count} compute budgets on the plane of model size and training tokens (both logarithmic); "
            + "each budget's runs lie on its IsoFLOP line D = C / 6N, spread in size around the expected optimum"
            + (outlook is null ? "." : $". The fitted law's compute-optimal frontier carries the sweep to the target of {QuantityFormat.Scientific(outlook.Target, 3)} FLOPs, where it predicts the optimum marked.");
        return new Figure("design", caption, plt, 960, 640);
    }
}
