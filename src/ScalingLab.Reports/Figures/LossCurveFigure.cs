namespace ScalingLab.Reports.Figures;

/// <summary>One logged point of a training run: tokens seen, the recent training loss and, when a validation pass ran, its loss.</summary>
public sealed record LossPoint(double Tokens, double TrainLoss, double? ValLoss = null);

/// <summary>A run's loss curve: training loss and validation points against tokens seen (train writes it as loss.png).</summary>
public static class LossCurveFigure
{
    public static Figure Build(IReadOnlyList<LossPoint> points, string title)
    {
        var plt = PlotStyle.New(title, "tokens seen", "loss (nats per token)");
        var train = plt.Add.Scatter(points.Select(p => p.Tokens).ToArray(), points.Select(p => p.TrainLoss).ToArray());
        train.LegendText = "train (mean of recent steps)";
        train.Color = PlotStyle.Secondary;
        train.MarkerSize = 0;
        train.LineWidth = 2;
        var evals = points.Where(p => p.ValLoss is { } v && double.IsFinite(v)).ToList();
        if (evals.Count > 0)
        {
            var val = plt.Add.Scatter(evals.Select(p => p.Tokens).ToArray(), evals.Select(p => p.ValLoss!.Value).ToArray());
            val.LegendText = "validation";
            val.Color = PlotStyle.Highlight;
            val.MarkerSize = 7;
            val.LineWidth = 1;
        }
        PlotStyle.LegendOutside(plt);
        var caption = $"{title}: training loss (mean of the recent steps) and validation loss against tokens seen.";
        return new Figure("loss", caption, plt, 900, 540);
    }
}
