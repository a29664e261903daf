using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ScalingLab.Compute;
using ScalingLab.Sweeps;

namespace ScalingLab.Training.Sweeps;

/// <summary>
/// A short measurement of the trainer on this machine, made the way the sweep will run: real
/// `scalinglab train` processes on the sweep's data, at the design's smallest and largest shapes,
/// once as one run on every core and once as one single-threaded run per core side by side. Each
/// trains a few dozen steps; the FLOP/s per run comes from the trainer's own tokens per second (steps
/// only) and the start-up from the wall time to its first logged steps. Each run is stopped with
/// SIGINT once it has trained for <see cref="TrainSeconds"/>, so a slow mode costs no more time
/// than a fast one: about half a minute on 2 cores.
/// </summary>
public static class TrainerCalibration
{
    public const double TrainSeconds = 4;
    private const long Steps = 100_000;

    public static SweepCalibration Measure(TrainLauncher launcher, string data, IReadOnlyList<ModelShape> shapes, int batch, int cores,
        string scratch, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(scratch);
        var points = new List<CalibrationPoint>();
        var startup = new List<double>();
        var k = 0;
        try
        {
            foreach (var shape in shapes.DistinctBy(s => (s.Layers, s.DModel)))
            {
                var perToken = FlopCount.PerToken(shape, FlopConvention.Exact);
                var steps = Steps;
                var tokens = steps * (long)batch * shape.Context;
                foreach (var (mode, threads, concurrent) in new[] { (ExecutionMode.OneRunAllCores, cores, 1), (ExecutionMode.OneRunPerCore, 1, cores) })
                {
                    cancel.ThrowIfCancellationRequested();
                    progress?.Report($"calibration: {shape.Layers} x {shape.DModel}, {concurrent} run(s) x {threads} thread(s)");
                    var clock = Stopwatch.StartNew();
                    var procs = Enumerable.Range(0, concurrent).Select(_ =>
                    {
                        var out_ = Path.Combine(scratch, $"c{++k}");
                        string[] args =
                        [
                            "train", .. SweepRunArguments.Shape(data, shape, tokens, batch),
                            "--eval-every", (steps * 10).ToString(CultureInfo.InvariantCulture), "--checkpoint-every", (steps * 10).ToString(CultureInfo.InvariantCulture),
                            .. SweepRunArguments.Placement(out_, Path.Combine(scratch, "calibration.db"), threads),
                        ];
                        return (Out: out_, P: launcher.Start(args, scratch, out_ + ".out", out_ + ".err"));
                    }).ToList();
                    var rates = new List<double>();
                    foreach (var (out_, p) in procs)
                    {
                        // Started when its first steps are logged; stopped TrainSeconds later.
                        var metrics = Path.Combine(out_, "metrics.jsonl");
                        while (!p.HasExited && !File.Exists(metrics) && !cancel.IsCancellationRequested) Thread.Sleep(50);
                        var firstLog = clock.Elapsed.TotalSeconds;
                        while (!p.HasExited && clock.Elapsed.TotalSeconds < firstLog + TrainSeconds && !cancel.IsCancellationRequested) Thread.Sleep(50);
                        if (!p.HasExited) p.Interrupt();
                        var code = p.WaitForExit();
                        cancel.ThrowIfCancellationRequested();
                        if (code is not (0 or 75))
                            throw new InvalidOperationException($"the calibration run failed: {File.ReadLines(out_ + ".err").LastOrDefault() ?? "no message"}");
                        using var doc = JsonDocument.Parse(File.ReadAllText(out_ + ".out"));
                        var tps = doc.RootElement.GetProperty("tokensPerSecond").GetDouble();
                        rates.Add(tps * perToken);
                        // The first line is logged after 10 steps: take their time off.
                        startup.Add(Math.Max(0, firstLog - 10.0 * batch * shape.Context / tps));
                        p.Dispose();
                    }
                    points.Add(new CalibrationPoint
                    {
                        FlopsPerToken = perToken, Mode = mode.ToString(), Threads = threads, Concurrent = concurrent,
                        FlopsPerSecondPerRun = rates.Average(),
                    });
                }
            }
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
        return new SweepCalibration
        {
            Host = Environment.MachineName,
            Cores = cores,
            StartupSeconds = Math.Round(startup.Min(), 2),
            Points = points,
        };
    }
}
