using System.Diagnostics;
using ScalingLab.Fitting;
using ScalingLab.Laws;

/// <summary>
/// The coverage study of issue 11: SETS synthetic IsoFLOP sweeps (SyntheticIsoFlops' defaults: 6 budgets
/// from 1e18 to 1e20.5, 7 sizes each, off-centre grids, heteroscedastic noise, 3% outliers) drawn from
/// besiroglu2024, each fitted by every method, and the 95% interval for the compute-optimal size one decade
/// beyond the largest budget (from R resamples of whole budgets) checked against the true optimum.
/// Prints the share covered per method and for the pooled interval; with a file name, draws each set's
/// pooled interval relative to the truth, sorted, misses in red.
/// </summary>
static class Coverage
{
    public static int Run(int sets, int resamples, string? figure)
    {
        var truth = (ChinchillaLaw)LawCatalog.Get("besiroglu2024");
        var design = new SyntheticIsoFlops();
        var target = design.BudgetFlops[^1] * 10;
        var trueN = ScalingLab.Allocation.ClosedForm.ComputeOptimal(truth, new ScalingLab.Units.Flops(target)).Parameters.Value;
        var request = new BacktestRequest(Resamples: resamples, Seed: 0);
        var clock = Stopwatch.StartNew();
        var pooled = new List<(double Low, double High)>();
        var covered = request.MethodList.ToDictionary(m => m, _ => 0);
        var pointErrors = request.MethodList.ToDictionary(m => m, _ => new List<double>());
        for (var s = 0; s < sets; s++)
        {
            var points = design.Draw(truth, new Random(1000 + s));
            var p = ScalingLab.Fitting.Backtest.Predict(points, target, request with { Seed = s }, choose: false);
            foreach (var m in p.Methods)
            {
                if (m.OptimalParametersInterval is { } iv && iv.Low <= trueN && trueN <= iv.High) covered[m.Name]++;
                pointErrors[m.Name].Add(Math.Abs(Math.Log(m.PredictedOptimalParameters.Value / trueN)));
            }
            pooled.Add((p.OptimalParametersInterval!.Value.Low / trueN, p.OptimalParametersInterval.Value.High / trueN));
        }
        var inside = pooled.Count(i => i.Low <= 1 && 1 <= i.High);
        Console.WriteLine($"coverage of the true N_opt at {target:0e0} FLOPs (a decade beyond the largest budget), {sets} sets, {resamples} resamples, {clock.Elapsed.TotalSeconds:0} s:");
        foreach (var m in request.MethodList)
            Console.WriteLine($"  {m}: {100.0 * covered[m] / sets:0.0}% covered; median |N error| {100 * (Math.Exp(Median(pointErrors[m])) - 1):0.0}%");
        Console.WriteLine($"  pooled (the default's interval): {100.0 * inside / sets:0.0}% covered ({inside}/{sets}); median width x{Median(pooled.Select(i => i.High / i.Low).ToList()):0.00}");
        if (figure is not null) Draw(pooled, figure, sets, resamples, 100.0 * inside / sets);
        return 0;
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length == 0 ? double.NaN : s[s.Length / 2];
    }

    private static void Draw(List<(double Low, double High)> intervals, string path, int sets, int resamples, double percent)
    {
        var plt = new ScottPlot.Plot();
        plt.Font.Set(ScalingLab.Reports.FitPlot.FontName);
        var sorted = intervals.OrderBy(i => Math.Sqrt(i.Low * i.High)).ToList();
        for (var k = 0; k < sorted.Count; k++)
        {
            var (lo, hi) = sorted[k];
            var line = plt.Add.Line(k, lo, k, hi);
            line.Color = lo <= 1 && 1 <= hi ? ScottPlot.Colors.SteelBlue : ScottPlot.Colors.Red;
            line.LineWidth = 1.5f;
        }
        var truthLine = plt.Add.HorizontalLine(1);
        truthLine.Color = ScottPlot.Colors.Black;
        plt.Axes.SetLimitsY(0.3, 2.5);
        plt.Title($"95% intervals for N_opt a decade beyond the data: {percent:0.0}% of {sets} sets cover the truth ({resamples} resamples each)");
        plt.XLabel("synthetic IsoFLOP set (sorted by interval centre)");
        plt.YLabel("interval / true N_opt");
        plt.SavePng(path, 1000, 500);
    }
}
