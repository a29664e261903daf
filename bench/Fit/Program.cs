using System.Diagnostics;
using ScalingLab.Fitting;

// The ScalingLab side of the Approach-3 benchmark: the same 4,500-start fit as scipy_fit.py, timed
// cold (first call, JIT included) as a user's `scalinglab fit` would run it, then a 1,000-resample bootstrap.
var table = RunTableReader.Read(args[0]).DropHighestLoss(5);
var sw = Stopwatch.StartNew();
var fit = ParametricFit.Fit(table.Points, new ParametricFitOptions());
var fitSeconds = sw.Elapsed.TotalSeconds;
sw.Restart();
var boot = Bootstrap.Run(table.Points, fit, new BootstrapOptions(1000, Seed: 0, GridChecks: 0));
var bootSeconds = sw.Elapsed.TotalSeconds;
var alpha = boot.Intervals.Alpha;
Console.WriteLine($"scalinglab starts={fit.Starts} seconds={fitSeconds:0.000} objective={fit.Objective:0.0000000000e+0} E={fit.E:0.0000} A={fit.A:0.0} B={fit.B:0.0} alpha={fit.Alpha:0.0000} beta={fit.Beta:0.0000} path={fit.ObjectivePath} evaluations={fit.Evaluations}");
// Does SIMD pay? The same fit again, warm, through both objective paths.
sw.Restart();
var warm = ParametricFit.Fit(table.Points, new ParametricFitOptions());
var warmSeconds = sw.Elapsed.TotalSeconds;
sw.Restart();
var scalar = ParametricFit.Fit(table.Points, new ParametricFitOptions(Simd: false));
var scalarSeconds = sw.Elapsed.TotalSeconds;
Console.WriteLine($"warm {warm.ObjectivePath} seconds={warmSeconds:0.000} objective={warm.Objective:0.0000000000e+0}; warm scalar seconds={scalarSeconds:0.000} objective={scalar.Objective:0.0000000000e+0}");
Console.WriteLine($"bootstrap resamples=1000 seconds={bootSeconds:0.000} converged={boot.ConvergedResamples} alpha=[{alpha.Low:0.0000}, {alpha.High:0.0000}]");
