using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ScalingLab.Allocation;
using ScalingLab.Cli.Rendering;
using ScalingLab.Compute;
using ScalingLab.Sweeps;
using ScalingLab.Training.Sweeps;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab sweep verify`: train the predicted optimum at a budget beyond the sweep and compare the loss with the prediction.</summary>
public static class SweepVerifyCommand
{
    public const double MinRatio = 3;

    public static Command Create(CliContext ctx)
    {
        var spec = SweepSpecArgument.Create();
        var budget = Options.Budget("Verification budget in FLOPs: at least 3x the sweep's largest budget.");
        var bootstrap = Options.Int("--bootstrap", "Bootstrap resamples behind the prediction's interval.", 10, 100_000, 200, "R");
        var seed = Options.Int("--seed", "Seed of the resampling and of the verification run.", 0, int.MaxValue, 0);
        var threads = Options.Int("--threads", "LibTorch threads for the run.", 1, 1024, Math.Min(Environment.ProcessorCount, 2));
        var json = Options.Json();
        var cmd = new Command("verify", """
            Check a sweep's prediction before the big run: fit the sweep (as `sweep analyze` does),
            predict the optimal size and the loss at a verification budget at least 3x the sweep's
            largest, train that configuration here (the run lives in the sweep folder under
            runs/verify-BUDGET and resumes if stopped), and report predicted vs measured loss and
            whether the measurement lies inside the 95% interval.
            Examples:
              scalinglab sweep verify sweeps/brown --budget 1e13
            """)
        { spec, budget, bootstrap, seed, threads, json };
        cmd.SetAction(p =>
        {
            var (s, folder) = SweepSpecArgument.Load(p.GetValue(spec)!);
            var meta = SweepSpecArgument.Data(s, folder);
            var c = Options.Required(p, budget, $"give a verification budget of at least {MinRatio}x the sweep's largest");
            var largest = s.Runs.Max(r => r.Budget);
            if (c.Value < MinRatio * largest)
                throw new InputException("--budget", c.ToString(), $"expected at least {MinRatio}x the sweep's largest budget ({new Flops(largest)}), so the check is an extrapolation: {new Flops(MinRatio * largest)} or more");
            using (SweepLedger.Open(s, folder)) { }
            var quiet = p.GetValue(json);
            var analysis = SweepAnalyzeCommand.Analyze(ctx, s, folder, c, p.GetValue(bootstrap), p.GetValue(seed), quiet);
            var law = analysis.Parametric.Parametric!.ToLaw(s.Name, new Laws.Source("sweep verify", "Approach 3", DateTime.UtcNow.Year));
            var opt = ClosedForm.ComputeOptimal(law, c);
            var shape = SweepShapes.Nearest(opt.Parameters, s.Vocab, s.Context).Shape;
            var request = new SweepDesignRequest(Path.Combine(folder, s.Data), s.Vocab, s.Context, meta.TrainTokens, c, c, null,
                law, s.Name, FlopConventions.Parse(s.FlopConvention, "SPEC"), Seed: p.GetValue(seed) + 1_000_000);
            var run = SweepDesigner.Run(request, 0, 0, c.Value, shape, 0, ThroughputModel.Fixed(1, 1))
                ?? throw new InputException("--budget", c.ToString(), "too small a budget for a run of that size");
            var id = "verify-" + QuantityFormat.Scientific(c.Value, 3).Replace('+', 'p');
            var runSpec = new SweepRunSpec { Id = id, Budget = c.Value, Flops = run.Flops, Parameters = run.Parameters, Tokens = run.Tokens, Train = Sweeps.CommandLineText.Join(run.TrainArguments) };
            using var ledger = SweepLedger.Open(s, folder);
            var status = ledger.Status(runSpec, live: false);
            if (status.State != SweepRunState.Completed
                && !Train(ctx, s, folder, runSpec, LocalExecutor.Threads(ledger.RunFolder(id), p.GetValue(threads)).Count, quiet))
            {
                ctx.Err.WriteLine($"stopped by {ctx.Signal?.ToString() ?? "a signal"}: the verification run {id} was asked to checkpoint; run the same command again to resume it");
                return Cli.Resumable;
            }
            status = ledger.Status(runSpec, live: false);
            if (status.State != SweepRunState.Completed)
            {
                ctx.Err.WriteLine($"error: the verification run {id} did not complete ({SweepRendering.State(status.State)}); see {Path.Combine(folder, "logs")}");
                return Cli.InternalError;
            }
            var n = status.Parameters!.Value;
            var d = status.Tokens!.Value;
            var check = SweepVerification.Of(analysis, id, n, d, status.FinalValLoss!.Value);
            var result = SweepVerifyReport.From(check, c.Value, opt.Parameters.Value, status.Seconds, largest);
            var (predicted, measured, interval, inside) = (result.PredictedLoss, result.MeasuredLoss, result.LossInterval, result.Inside);
            if (quiet) JsonOutput.Write(ctx, result);
            else
            {
                var t = Tables.New("Verification", "Value");
                t.Row("Budget", $"{c} FLOPs ({c.Value / largest:0.#}x the sweep's largest, {new Flops(largest)})");
                t.Row("Run", $"{id}: {QuantityFormat.Count(n)} parameters ({shape.Layers} x {shape.DModel}; predicted optimum {opt.Parameters}), {QuantityFormat.Count(d)} tokens, {status.Seconds:0} s");
                t.Row("Predicted loss", interval is { } i ? $"{predicted:0.0000} (95% interval [{i.Low:0.0000}, {i.High:0.0000}])" : $"{predicted:0.0000} (no interval: the fit has no bootstrap samples)");
                t.Row("Measured loss", $"{measured:0.0000} (final validation)");
                t.Row("Error", $"{(measured - predicted) / measured:+0.00%;-0.00%} of the measured loss; {(inside ? "inside" : "OUTSIDE")} the interval");
                ctx.Console.Write(t);
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Trains (or resumes) the verification run; false when a signal stopped it (the run is left resumable).</summary>
    private static bool Train(CliContext ctx, SweepSpec s, string folder, SweepRunSpec run, int threads, bool quiet)
    {
        var logs = Path.Combine(folder, "logs");
        using var ledger = SweepLedger.Open(s, folder);
        var attempt = ledger.Launched(run.Id, LocalExecutor.Name);
        using var child = SelfLauncher.Launcher().Start(SweepRunArguments.For(s, run, threads), folder,
            Path.Combine(logs, $"{run.Id}.attempt-{attempt}.out"), Path.Combine(logs, $"{run.Id}.attempt-{attempt}.err"));
        var code = ProgressView.Run(ctx, (progress, cancel) =>
        {
            using var stop = cancel.Register(child.Interrupt);
            while (!child.WaitForExit(TimeSpan.FromSeconds(1)))
                progress.Report(new Progress.WorkProgress($"training {run.Id}", RunProgressReader.Fraction(ledger.RunFolder(run.Id), run.Tokens), 1));
            return child.ExitCode;
        }, quiet);
        var state = ledger.Status(run, false).State;
        ledger.Ended(run.Id, attempt, code, state == SweepRunState.Completed ? "completed" : code == 1 ? "failed" : "interrupted");
        if (code == 2) throw new InputException("SPEC", run.Id, "`train` refused the verification run: " + File.ReadLines(Path.Combine(logs, $"{run.Id}.attempt-{attempt}.err")).LastOrDefault());
        return state == SweepRunState.Completed || !ctx.Cancellation.IsCancellationRequested;
    }
}
