using ScottPlot;

namespace ScalingLab.Reports;

/// <summary>One logged point of a training run: tokens seen, the recent training loss and, when a validation pass ran, its loss.</summary>
public sealed record LossPoint(double Tokens, double TrainLoss, double? ValLoss = null);

/// <summary>A run's loss curve: training loss and validation points against tokens seen, as a PNG.</summary>
public static class LossCurve
{
    public static void SavePng(IReadOnlyList<LossPoint> points, string title, string path, int width = 900, int height = 540)
    {
        var plt = PlotStyle.New();
        var train = plt.Add.Scatter(points.Select(p => p.Tokens).ToArray(), points.Select(p => p.TrainLoss).ToArray());
        train.LegendText = "train (mean of recent steps)";
        train.MarkerSize = 0;
        train.LineWidth = 2;
        var evals = points.Where(p => p.ValLoss is { } v && double.IsFinite(v)).ToList();
        if (evals.Count > 0)
        {
            var val = plt.Add.Scatter(evals.Select(p => p.Tokens).ToArray(), evals.Select(p => p.ValLoss!.Value).ToArray());
            val.LegendText = "validation";
            val.MarkerSize = 7;
            val.LineWidth = 1;
        }
        plt.Title(title);
        plt.XLabel("tokens seen");
        plt.YLabel("loss (nats per token)");
        plt.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plt.SavePng(path, width, height);
    }
}
