using ScalingLab.Sweeps;
using ScottPlot;

namespace ScalingLab.Reports;

/// <summary>
/// A sweep design on the (N, D) plane, log10 both: every run as a point coloured by its budget, each
/// budget's IsoFLOP line D = C / (6N), and the prior law's compute-optimal (N, D) at each budget.
/// </summary>
public static class SweepDesignPlot
{
    public static void Save(SweepDesign d, string path)
    {
        var plt = new Plot();
        plt.Font.Set(FitPlot.FontName);
        var palette = new ScottPlot.Palettes.Category10();
        var nLo = d.Runs.Min(r => r.Parameters) / 1.5;
        var nHi = d.Runs.Max(r => r.Parameters) * 1.5;
        for (var i = 0; i < d.Budgets.Count; i++)
        {
            var c = d.Budgets[i];
            var color = palette.GetColor(i);
            var xs = Enumerable.Range(0, 30).Select(k => Math.Log10(nLo) + (Math.Log10(nHi) - Math.Log10(nLo)) * k / 29).ToArray();
            var line = plt.Add.ScatterLine(xs, xs.Select(x => Math.Log10(c / (6 * Math.Pow(10, x)))).ToArray());
            line.Color = color.WithAlpha(0.5);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"C = {Units.QuantityFormat.Scientific(c, 2)} FLOPs";
            var runs = d.Runs.Where(r => r.BudgetIndex == i).ToList();
            var pts = plt.Add.ScatterPoints(runs.Select(r => Math.Log10(r.Parameters)).ToArray(), runs.Select(r => Math.Log10(r.Tokens)).ToArray());
            pts.Color = color;
            pts.MarkerSize = 8;
        }
        var opt = plt.Add.ScatterPoints(d.PriorOptima.Select(Math.Log10).ToArray(),
            d.PriorOptima.Zip(d.Budgets, (n, c) => Math.Log10(c / (6 * n))).ToArray());
        opt.Color = Colors.Black;
        opt.MarkerShape = MarkerShape.OpenDiamond;
        opt.MarkerSize = 12;
        opt.LegendText = $"prior optimum ({d.Request.LawName})";
        plt.Title($"Sweep design: {d.Runs.Count} runs at {d.Budgets.Count} IsoFLOP budgets");
        plt.XLabel("log10 parameters N");
        plt.YLabel("log10 tokens D");
        plt.ShowLegend(Alignment.UpperRight);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".svg") plt.SaveSvg(path, 900, 600); else plt.SavePng(path, 900, 600);
    }
}
