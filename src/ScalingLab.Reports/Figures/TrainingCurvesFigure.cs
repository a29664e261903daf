using ScalingLab.Fitting;
using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// Every run's training curve against the compute it has spent (C = 6 N tokens, logarithmic and
/// labelled in FLOPs), coloured by model size on one scale with its colour bar, each ending in
/// its final validation loss; the runs of one budget end at one C, so the colours stacked there
/// show which size won. Approach 1's lower envelope is drawn over them when it could be formed.
/// The loss axis is clipped to where the runs end (<see cref="LossAxis"/>).
/// </summary>
public static class TrainingCurvesFigure
{
    /// <param name="curves">Logged points of every run (training loss), with run ids.</param>
    /// <param name="finals">The final point of each completed run (its final validation loss), matched by run id.</param>
    public static Figure Build(IReadOnlyList<RunPoint> curves, IReadOnlyList<RunPoint> finals, EnvelopeResult? envelope)
    {
        var runs = curves.Where(p => p.RunId is not null).GroupBy(p => p.RunId!)
            .Select(g => (Id: g.Key, N: g.First().Parameters.Value, Points: g.OrderBy(p => p.Flops.Value).ToList())).ToList();
        if (runs.Count == 0) throw new ArgumentException("expected the logged points of at least one run", nameof(curves));
        var sizes = new BudgetColors(runs.Select(r => r.N));
        var plt = PlotStyle.New("Training curves of the sweep's runs", "compute spent C = 6 N tokens (FLOPs)", "loss (nats/token)");

        var (yLo, yHi, above) = LossAxis.Range(runs.Select(r => (IReadOnlyList<(double, double)>)r.Points.Select(p => (p.Flops.Value, p.Loss.Value)).ToList()),
            finals.Select(f => f.Loss.Value));
        foreach (var r in runs)
        {
            var line = plt.Add.ScatterLine(r.Points.Select(p => Math.Log10(p.Flops.Value)).ToArray(), r.Points.Select(p => p.Loss.Value).ToArray());
            line.Color = sizes.For(r.N).WithAlpha(0.85);
            line.LineWidth = 1.6f;
        }
        foreach (var f in finals.Where(f => f.RunId is not null && runs.Any(r => r.Id == f.RunId)))
        {
            var m = plt.Add.ScatterPoints(new[] { Math.Log10(f.Flops.Value) }, new[] { f.Loss.Value });
            m.Color = sizes.For(f.Parameters.Value);
            m.MarkerShape = MarkerShape.FilledCircle;
            m.MarkerSize = 9;
        }
        var legend = new List<LegendItem>
        {
            LegendKey.Line($"training loss of each run ({runs.Count}), coloured by model size", PlotStyle.Muted, 1.6f),
            LegendKey.Marker("final validation loss (what the fit uses)", MarkerShape.FilledCircle, PlotStyle.Muted),
        };
        if (envelope is { Envelope.Count: > 1 })
        {
            var e = plt.Add.ScatterLine(envelope.Envelope.Select(p => Math.Log10(p.Flops.Value)).ToArray(), envelope.Envelope.Select(p => p.Loss.Value).ToArray());
            e.Color = Colors.Black;
            e.LineWidth = 2.5f;
            legend.Add(LegendKey.Line($"lower envelope (Approach 1; {envelope.RunsOnEnvelope.Count} runs on it)", Colors.Black, 2.5f));
        }
        plt.Legend.ManualItems.AddRange(legend);

        var x = runs.SelectMany(r => r.Points).Select(p => Math.Log10(p.Flops.Value)).ToList();
        var xPad = Math.Max(0.03 * (x.Max() - x.Min()), 0.05);
        plt.Axes.SetLimits(x.Min() - xPad, x.Max() + xPad, yLo, yHi);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Scientific(v, 2));
        sizes.AddColorBar(plt, "model size N (parameters)", v => QuantityFormat.Count(v));
        PlotStyle.LegendOutside(plt);
        var caption = $"Training loss of each of the {runs.Count} runs against the compute it had spent, coloured by model size; a dot marks each run's final validation loss. "
            + "Runs of one budget end at the same compute, so the dots stacked there compare the sizes at that budget."
            + (above > 0 ? $" The loss axis starts where the runs end: the first logged steps (up to {QuantityFormat.Significant(curves.Max(p => p.Loss.Value), 3)}) lie above it." : "");
        return new Figure("curves", caption, plt, 960, 600);
    }
}
