using ScalingLab.Training.Loop;
using ScottPlot;

namespace ScalingLab.Training.Plot;

/// <summary>The run's loss curve (training loss and validation points against tokens) as a PNG.</summary>
public static class LossCurve
{
    public static void SavePng(IReadOnlyList<MetricPoint> points, string title, string path, int width = 900, int height = 540)
    {
        var plt = new ScottPlot.Plot();
        // ScottPlot's default resolves to DejaVu Serif on Debian; with no fonts at all it draws no text.
        plt.Font.Set("DejaVu Sans");
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
