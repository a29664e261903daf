using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>One logged point of a training run: tokens seen, the recent training loss and, when a validation pass ran, its loss.</summary>
public sealed record LossPoint(double Tokens, double TrainLoss, double? ValLoss = null);

/// <summary>
/// A run's loss curve (train writes it as loss.png): training loss and validation points against
/// tokens seen on a logarithmic axis labelled in tokens (10K, 100K, 1M), the loss axis from just
/// below the lowest loss to where the run spends most of its time (<see cref="LossAxis"/>: the first
/// steps' fall from ln(vocabulary) is left above it and said so), the legend below the data.
/// </summary>
public static class LossCurveFigure
{
    public static Figure Build(IReadOnlyList<LossPoint> points, string title)
    {
        var shown = points.Where(p => p.Tokens > 0 && double.IsFinite(p.TrainLoss)).ToList();
        if (shown.Count == 0) throw new ArgumentException("expected at least one logged point after the first token", nameof(points));
        var plt = PlotStyle.New(title, "tokens seen (log scale)", "loss (nats per token)");
        var train = plt.Add.ScatterLine(shown.Select(p => Math.Log10(p.Tokens)).ToArray(), shown.Select(p => p.TrainLoss).ToArray());
        train.Color = PlotStyle.Secondary;
        train.LineWidth = 2;
        var legend = new List<LegendItem> { LegendKey.Line("train (mean of recent steps)", PlotStyle.Secondary, 2) };
        var evals = shown.Where(p => p.ValLoss is { } v && double.IsFinite(v)).ToList();
        if (evals.Count > 0)
        {
            var val = plt.Add.Scatter(evals.Select(p => Math.Log10(p.Tokens)).ToArray(), evals.Select(p => p.ValLoss!.Value).ToArray());
            val.Color = PlotStyle.Highlight;
            val.MarkerSize = 7;
            val.LineWidth = 1;
            legend.Add(LegendKey.Marker("validation", MarkerShape.FilledCircle, PlotStyle.Highlight, 7));
        }
        var (yLo, yHi, above) = LossAxis.Range([shown.Select(p => (p.Tokens, p.TrainLoss)).ToList()], evals.Select(p => p.ValLoss!.Value));
        var x = shown.Select(p => Math.Log10(p.Tokens)).ToList();
        var xPad = Math.Max(0.02 * (x.Max() - x.Min()), 0.05);
        plt.Axes.SetLimits(x.Min() - xPad, x.Max() + xPad, yLo, yHi);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        // A PNG has no caption: the legend says what the axis leaves out.
        if (above > 0) legend.Add(LegendKey.Line($"{above} early point(s) above the axis (up to {QuantityFormat.Significant(shown.Max(p => p.TrainLoss), 3)})", Colors.Transparent, 0));
        plt.Legend.ManualItems.AddRange(legend);
        PlotStyle.LegendOutside(plt);
        var caption = $"{title}: training loss (mean of the recent steps) and validation loss against tokens seen."
            + (above > 0 ? $" The loss axis starts where the run spends its time: {above} early point(s), up to {QuantityFormat.Significant(shown.Max(p => p.TrainLoss), 3)}, lie above it." : "");
        return new Figure("loss", caption, plt, 900, 540);
    }
}
