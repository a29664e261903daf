using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports;

/// <summary>
/// The picture of a fit, loss against model size (log10 N): the runs, each budget's IsoFLOP
/// parabola (Approach 2, dashed) and the fitted law's IsoFLOP curve at that budget (Approach 3,
/// solid), and the law's compute-optimal frontier (thick black), whose points are N_opt(C).
/// </summary>
public static class FitPlot
{
    // DejaVu Sans ships with Debian's fonts-dejavu-core; ScottPlot's default resolved to a serif face.
    public const string FontName = "DejaVu Sans";

    public static Plot Build(FitReport report)
    {
        var plt = new Plot();
        plt.Font.Set(FontName);
        var pts = report.Table.Points;
        var data = plt.Add.ScatterPoints(pts.Select(p => Math.Log10(p.Parameters.Value)).ToArray(), pts.Select(p => p.Loss.Value).ToArray());
        data.Color = Colors.Gray.WithAlpha(0.7);
        data.MarkerSize = 5;
        data.LegendText = $"runs ({pts.Count})";

        var palette = new ScottPlot.Palettes.Category10();
        var law = report.Parametric?.ToLaw("fit", new Laws.Source("fit", "", 0));
        // Budgets to draw: Approach 2's profiles when it ran, else every budget group with 3+ runs (law curves only).
        var profiles = report.IsoFlop?.Profiles.Where(p => p.Used).ToList();
        var budgets = profiles?.Select(p => p.Flops).ToList()
            ?? BudgetGroups.Of(pts, report.Request.BudgetToleranceDex).Where(g => g.Points.Count >= 3).Select(g => g.Flops).ToList();
        for (var i = 0; i < budgets.Count; i++)
        {
            var c = budgets[i];
            var color = palette.GetColor(i);
            var group = pts.Where(q => Math.Abs(Math.Log10(q.Flops.Value / c)) <= report.Request.BudgetToleranceDex * 2).ToList();
            var lo = group.Min(q => Math.Log(q.Parameters.Value));
            var hi = group.Max(q => Math.Log(q.Parameters.Value));
            var xs = Enumerable.Range(0, 40).Select(k => lo + (hi - lo) * k / 39).ToArray();
            var log10N = xs.Select(x => x / Math.Log(10)).ToArray();
            if (profiles is not null)
            {
                var p = profiles[i];
                var parabola = plt.Add.ScatterLine(log10N, xs.Select(x => p.Parabola[0] + p.Parabola[1] * x + p.Parabola[2] * x * x).ToArray());
                parabola.Color = color;
                parabola.LinePattern = LinePattern.Dashed;
                if (i == 0) parabola.LegendText = "IsoFLOP parabolas (Approach 2)";
                var min = plt.Add.ScatterPoints(new[] { Math.Log10(p.OptimalParameters!.Value.Value) }, new[] { p.MinimumLoss!.Value.Value });
                min.Color = color;
                min.MarkerShape = MarkerShape.FilledDiamond;
                min.MarkerSize = 9;
            }
            if (law is not null)
            {
                var curve = plt.Add.ScatterLine(log10N, xs.Select(x => law.Loss(new Parameters(Math.Exp(x)), new Tokens(c / (6 * Math.Exp(x)))).Value).ToArray());
                curve.Color = color;
                curve.LineWidth = 1.5f;
                if (i == 0) curve.LegendText = "law at each budget (Approach 3)";
            }
        }
        if (law is not null)
        {
            var cLo = Math.Log10(pts.Min(p => p.Flops.Value));
            var cHi = Math.Log10(pts.Max(p => p.Flops.Value));
            var frontier = Enumerable.Range(0, 50).Select(k => ClosedForm.ComputeOptimal(law, new Flops(Math.Pow(10, cLo + (cHi - cLo) * k / 49)))).ToArray();
            var line = plt.Add.ScatterLine(frontier.Select(a => Math.Log10(a.Parameters.Value)).ToArray(), frontier.Select(a => a.Loss.Value).ToArray());
            line.Color = Colors.Black;
            line.LineWidth = 3;
            var fit = report.Parametric!;
            line.LegendText = $"compute-optimal frontier: E={fit.E:0.###}, α={fit.Alpha:0.###}, β={fit.Beta:0.###}";
        }
        plt.Title($"Scaling-law fit: {Path.GetFileName(report.Table.Source)}");
        plt.XLabel("log10 parameters N");
        plt.YLabel("loss (nats/token)");
        plt.ShowLegend(Alignment.UpperRight);
        return plt;
    }

    /// <summary>The image formats <see cref="Save"/> writes, by file extension.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".svg"];

    /// <summary>Writes PNG or SVG by the file's extension (anything else is refused), through a temporary file.</summary>
    public static void Save(FitReport report, string path, int width = 1000, int height = 700)
    {
        var svg = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);
        if (!svg && !Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase))
            throw new InputException("plot", path, "expected a file ending in .png or .svg");
        var plt = Build(report);
        // ScottPlot picks the format by the name it writes to, so the temporary file keeps the extension.
        IO.OutputPath.Write(path, temp =>
        {
            var named = temp + Path.GetExtension(path);
            try
            {
                if (svg) plt.SaveSvg(named, width, height); else plt.SavePng(named, width, height);
                File.Move(named, temp, overwrite: true);
            }
            finally { if (File.Exists(named)) File.Delete(named); }
        });
    }
}
