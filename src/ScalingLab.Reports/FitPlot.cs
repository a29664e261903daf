using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Reports.Figures;
using ScalingLab.Units;
using ScottPlot;
using PlotStyle = ScalingLab.Reports.Figures.PlotStyle;

namespace ScalingLab.Reports;

/// <summary>
/// The picture of a fit, loss against model size on a log axis labelled in parameters (100M, 1B,
/// 10B): the runs, each budget's IsoFLOP parabola (Approach 2, dashed) with its minimum, and the
/// fitted law's IsoFLOP curve at that budget (Approach 3, solid), all coloured on one budget scale
/// with its colour bar; the law's compute-optimal frontier in black. The legend sits below the
/// plot, and the loss axis spans the runs, not the curves' steep ends.
/// </summary>
public static class FitPlot
{
    public const string FontName = PlotStyle.FontName;

    public static Figure Figure(FitReport report)
    {
        var pts = report.Table.Points;
        var plt = PlotStyle.New($"Scaling-law fit: {Path.GetFileName(report.Table.Source)}", "model size N (parameters)", "loss (nats/token)");
        var law = report.Parametric?.ToLaw("fit", new Laws.Source("fit", "", 0));
        // Budgets to draw: Approach 2's profiles when it ran, else every budget group with 3+ runs (law curves only).
        var profiles = report.IsoFlop?.Profiles.Where(p => p.Used).ToList();
        var budgets = profiles?.Select(p => p.Flops).ToList()
            ?? BudgetGroups.Of(pts, report.Request.BudgetToleranceDex).Where(g => g.Points.Count >= 3).Select(g => g.Flops).ToList();
        var colors = new BudgetColors(pts.Select(p => p.Flops.Value));

        var xMin = Math.Log10(pts.Min(p => p.Parameters.Value)) - 0.1;
        var xMax = Math.Log10(pts.Max(p => p.Parameters.Value)) + 0.1;
        var lMin = pts.Min(p => p.Loss.Value);
        var lMax = pts.Max(p => p.Loss.Value);
        var pad = Math.Max(0.06 * (lMax - lMin), 1e-3);
        (double, double) xr = (xMin, xMax), yr = (lMin - pad, lMax + pad);

        for (var i = 0; i < budgets.Count; i++)
        {
            var c = budgets[i];
            var color = colors.For(c);
            var group = pts.Where(q => Math.Abs(Math.Log10(q.Flops.Value / c)) <= report.Request.BudgetToleranceDex * 2).ToList();
            if (group.Count == 0) continue;
            var lo = group.Min(q => Math.Log(q.Parameters.Value));
            var hi = group.Max(q => Math.Log(q.Parameters.Value));
            var xs = Enumerable.Range(0, 60).Select(k => lo + (hi - lo) * k / 59).ToArray();
            var log10N = xs.Select(x => x / Math.Log(10)).ToArray();
            if (profiles is not null)
            {
                var p = profiles[i];
                DashedLine.Add(plt, log10N, xs.Select(x => p.Parabola[0] + p.Parabola[1] * x + p.Parabola[2] * x * x).ToArray(), color, 1.5f, xr, yr);
                var min = plt.Add.ScatterPoints(new[] { Math.Log10(p.OptimalParameters!.Value.Value) }, new[] { p.MinimumLoss!.Value.Value });
                min.Color = color;
                min.MarkerShape = MarkerShape.FilledDiamond;
                min.MarkerSize = 10;
            }
            if (law is not null)
            {
                var curve = plt.Add.ScatterLine(log10N, xs.Select(x => law.Loss(new Parameters(Math.Exp(x)), new Tokens(c / (6 * Math.Exp(x)))).Value).ToArray());
                curve.Color = color;
                curve.LineWidth = 2f;
            }
        }

        foreach (var g in BudgetGroups.Of(pts, report.Request.BudgetToleranceDex))
        {
            var runs = plt.Add.ScatterPoints(g.Points.Select(p => Math.Log10(p.Parameters.Value)).ToArray(), g.Points.Select(p => p.Loss.Value).ToArray());
            runs.Color = colors.For(g.Flops).WithAlpha(0.8);
            runs.MarkerSize = 6;
        }

        var legend = new List<LegendItem> { Item($"runs ({pts.Count}), coloured by budget", marker: MarkerShape.FilledCircle) };
        if (profiles is not null)
        {
            legend.Add(Item("IsoFLOP parabola per budget (Approach 2), dashed", line: 1.5f));
            legend.Add(Item("parabola minimum: the best size at that budget", marker: MarkerShape.FilledDiamond));
        }
        if (law is not null)
        {
            legend.Add(Item("fitted law at each budget (Approach 3)", line: 2.5f));
            var cLo = Math.Log10(pts.Min(p => p.Flops.Value));
            var cHi = Math.Log10(pts.Max(p => p.Flops.Value));
            var frontier = Enumerable.Range(0, 50).Select(k => ClosedForm.ComputeOptimal(law, new Flops(Math.Pow(10, cLo + (cHi - cLo) * k / 49)))).ToArray();
            var line = plt.Add.ScatterLine(frontier.Select(a => Math.Log10(a.Parameters.Value)).ToArray(), frontier.Select(a => a.Loss.Value).ToArray());
            line.Color = Colors.Black;
            line.LineWidth = 3;
            var fit = report.Parametric!;
            legend.Add(new LegendItem { LabelText = $"compute-optimal frontier: E={fit.E:0.###}, α={fit.Alpha:0.###}, β={fit.Beta:0.###}", LineColor = Colors.Black, LineWidth = 3 });
        }
        plt.Legend.ManualItems.AddRange(legend);
        plt.Axes.SetLimits(xMin, xMax, yr.Item1, yr.Item2);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        colors.AddColorBar(plt);
        PlotStyle.LegendOutside(plt);
        var caption = $"{pts.Count} runs of {Path.GetFileName(report.Table.Source)}: loss against model size, one colour per compute budget (colour bar). "
            + (profiles is null ? "" : "Dashed: Approach 2's parabola of loss in log N at each budget, its minimum marked. ")
            + (law is null ? "" : "Solid: the fitted law L = E + A/N^α + B/D^β along the same budgets; black: its compute-optimal frontier.");
        return new Figure("fit", caption, plt, 1000, 720);
    }

    /// <summary>The image formats <see cref="Save"/> writes, by file extension.</summary>
    public static IReadOnlyList<string> Extensions => Figures.Figure.Extensions;

    public static Plot Build(FitReport report) => Figure(report).Plot;

    /// <summary>Writes PNG or SVG by the file's extension.</summary>
    public static void Save(FitReport report, string path, int width = 1000, int height = 720) =>
        (Figure(report) with { Width = width, Height = height }).Save(path);

    private static LegendItem Item(string text, float line = 0, MarkerShape marker = MarkerShape.None) => new()
    {
        LabelText = text,
        LineColor = line > 0 ? PlotStyle.Muted : Colors.Transparent,
        LineWidth = line,
        MarkerShape = marker,
        MarkerFillColor = PlotStyle.Muted,
        MarkerLineColor = PlotStyle.Muted,
        MarkerSize = marker == MarkerShape.None ? 0 : 9,
    };
}
