using System.Diagnostics;
using ScalingLab.Fitting;

// The ScalingLab side of the Approach-3 benchmark. Modes:
//   FILE [method]       one fit of the figure-4 points (the five highest losses dropped), as `scalinglab fit` runs it:
//                       method vp (default, variable projection) or grid (4,500 L-BFGS starts); prints time and objective.
//   --rows N [method]   scaling: a synthetic IsoFLOP table of N rows (20 budgets, besiroglu2024 with 1% noise), read back
//                       from CSV through the run-table reader, then fitted; prints read and fit times.
//   --bootstrap FILE    a 1,000-resample bootstrap of the figure-4 fit.
//   --compare SEED B    variable projection vs the 4,500-start grid on a seeded synthetic set of B budgets.
//   --coverage SETS R [figure.png]  the coverage study (see Coverage.cs).
if (args[0] == "--rows") return Rows(int.Parse(args[1]), args.Length > 2 ? args[2] : "vp");
if (args[0] == "--compare") return Compare(int.Parse(args[1]), int.Parse(args[2]));
if (args[0] == "--coverage") return Coverage.Run(int.Parse(args[1]), int.Parse(args[2]), args.Length > 3 ? args[3] : null);
var table = RunTableReader.Read(args[0] == "--bootstrap" ? args[1] : args[0]).DropHighestLoss(5);
if (args[0] == "--bootstrap")
{
    var full = ParametricFit.Fit(table.Points);
    var sw0 = Stopwatch.StartNew();
    var boot = Bootstrap.Run(table.Points, full, new BootstrapOptions(1000, Seed: 0, GridChecks: 0));
    Console.WriteLine($"bootstrap resamples=1000 seconds={sw0.Elapsed.TotalSeconds:0.000} converged={boot.ConvergedResamples} alpha=[{boot.Intervals.Alpha.Low:0.0000}, {boot.Intervals.Alpha.High:0.0000}]");
    return 0;
}
var method = args.Length > 1 && args[1] == "grid" ? ParametricMethod.Grid : ParametricMethod.VariableProjection;
var sw = Stopwatch.StartNew();
var fit = ParametricFit.Fit(table.Points, new ParametricFitOptions(Method: method));
var cold = sw.Elapsed.TotalSeconds;
sw.Restart();
var again = ParametricFit.Fit(table.Points, new ParametricFitOptions(Method: method));
Console.WriteLine($"scalinglab method={method} cells/starts={fit.Starts} seconds={cold:0.000} warm={sw.Elapsed.TotalSeconds:0.000} objective={fit.Objective:0.0000000000e+0} E={fit.E:0.0000} A={fit.A:0.0} B={fit.B:0.0} alpha={fit.Alpha:0.0000} beta={fit.Beta:0.0000} evaluations={fit.Evaluations}");
return 0;

static int Rows(int rows, string method)
{
    var truth = (ScalingLab.Laws.ChinchillaLaw)ScalingLab.Laws.LawCatalog.Get("besiroglu2024");
    var rng = new Random(1);
    var path = Path.Combine(Path.GetTempPath(), $"fit-bench-{rows}-{Environment.ProcessId}.csv");
    using (var w = new StreamWriter(path))
    {
        w.WriteLine("params,tokens,loss");
        for (var i = 0; i < rows; i++)
        {
            var c = 1e18 * Math.Pow(10, (i % 20) * 0.15);
            var opt = ScalingLab.Allocation.ClosedForm.ComputeOptimal(truth, new ScalingLab.Units.Flops(c)).Parameters.Value;
            var n = opt * Math.Pow(4, 2 * rng.NextDouble() - 1);
            var d = c / (6 * n);
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            w.WriteLine(FormattableString.Invariant($"{n:R},{d:R},{truth.Loss(new(n), new(d)).Value * Math.Exp(0.01 * z):R}"));
        }
    }
    try
    {
        var sw = Stopwatch.StartNew();
        var table = RunTableReader.Read(path);
        var read = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var fit = ParametricFit.Fit(table.Points, new ParametricFitOptions(Method: method == "grid" ? ParametricMethod.Grid : ParametricMethod.VariableProjection));
        Console.WriteLine($"rows={rows} read={read:0.000}s fit={sw.Elapsed.TotalSeconds:0.000}s alpha={fit.Alpha:0.0000} beta={fit.Beta:0.0000} objective={fit.Objective:0.000000e+0} threads={Process.GetCurrentProcess().Threads.Count}");
    }
    finally { File.Delete(path); }
    return 0;
}

// Variable projection against the 4,500-start grid on a seeded synthetic IsoFLOP set (as VariableProjectionTests builds them).
static int Compare(int seed, int budgets)
{
    var truth = (ScalingLab.Laws.ChinchillaLaw)ScalingLab.Laws.LawCatalog.Get("besiroglu2024");
    var rng = new Random(seed);
    var points = new List<RunPoint>();
    for (var b = 0; b < budgets; b++)
    {
        var c = 1e18 * Math.Pow(10, b * 0.5);
        var opt = ScalingLab.Allocation.ClosedForm.ComputeOptimal(truth, new ScalingLab.Units.Flops(c)).Parameters.Value * Math.Pow(3, 2 * rng.NextDouble() - 1);
        for (var k = -3; k <= 3; k++)
        {
            var n = opt * Math.Pow(2, k / 1.5);
            var d = c / (6 * n);
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            points.Add(RunPoint.Of(n, d, truth.Loss(new(n), new(d)).Value * Math.Exp(0.01 * z)));
        }
    }
    foreach (var m in new[] { ParametricMethod.VariableProjection, ParametricMethod.Grid })
    {
        var f = ParametricFit.Fit(points, new ParametricFitOptions(Method: m));
        Console.WriteLine($"{m}: objective={f.Objective:e12} E={f.E:0.####} A={f.A:0.##} B={f.B:0.##} alpha={f.Alpha:0.####} beta={f.Beta:0.####} status={f.Status} stop={f.StopReason} |g|={f.GradientNorm:e2}");
    }
    return 0;
}
