using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Hardware;
using ScalingLab.Reports.Figures;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Loop;
using ScalingLab.Training.Native;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab train`: plan a run, then pretrain a decoder on a prepared dataset; or continue a run.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var o = new TrainOptionSet();
        var cmd = new Command("train", """
            Pretrain a GPT-style decoder on a prepared dataset. A budget, a size or a token count is
            planned as `plan` plans it (at the dataset's vocabulary and the run's context): the run
            trains the plan's shape and tokens with the plan's peak learning rate, batch, warm-up and
            cosine decay ending exactly at the last step; --lr, --batch, --warmup, --tokens and
            --layers/--d-model replace the plan's values, and the run says where each came from.
            AdamW, gradient clipping, validation in nats per token and bits per byte, atomic
            checkpoints, metrics to metrics.jsonl and the SQLite store, a loss-curve PNG.
            The same command run again continues its run (a requeued job resumes); an option that
            differs from the run's record is an error. Exit 75 when stopped by SIGINT or SIGTERM
            (checkpoint written; run it again to continue).
            Examples:
              scalinglab train --data brown-byte --budget 1e13 --out runs/b1e13
              scalinglab train --data brown-byte --params 1M --tokens 20M --precision bf16 --out runs/1m
              scalinglab train --data brown-byte --params 2M --dry-run --json
              scalinglab train --resume --out runs/1m
            """);
        o.AddTo(cmd);
        cmd.SetAction(p => Run(ctx, o, p));
        return cmd;
    }

    private static int Run(CliContext ctx, TrainOptionSet o, ParseResult p)
    {
        var json = p.GetValue(o.Json);
        var resume = p.GetValue(o.Resume);
        var folder = p.GetValue(o.Output) ?? (resume
            ? throw new InputException("output", "(missing)", "give the run folder to resume")
            : Path.Combine("runs", "run-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
        var manifest = Manifest(ctx, o, p, folder, resume);
        if (p.GetValue(o.DryRun)) return DryRun(ctx, manifest, folder, json);
        if (manifest.Options.Precision == Precision.Bf16 && manifest.Options.Device == TrainingDevice.Cpu && CpuFeatures.HasNativeBf16() == false)
            ctx.Err.WriteLine("warning: this CPU has no bfloat16 instructions (AVX512-BF16 or AMX); LibTorch emulates bf16 and it will be much slower than --precision fp32");

        TrainResult result;
        // Opening checks the data and restores the newest intact checkpoint; the plan is shown once the run can start.
        var continues = RunManifest.Exists(folder);
        using (var session = TrainingSession.Open(new RunRequest(folder, manifest, p.GetValue(o.PeakFlops)), line => ctx.Err.WriteLine(ctx.Flags.Expand(line))))
        {
            if (!json) TrainRendering.RunPlan(ctx, manifest, folder, continues);
            result = TrainProgressView.Run(ctx, session, quiet: json);
        }
        var plot = Path.Combine(folder, "loss.png");
        LossCurveFigure.Build(Trainer.Metrics(folder).Select(m => new LossPoint(m.Tokens, m.TrainLoss, m.ValLoss)).ToList(), Title(result)).Save(plot);
        result = result with { Plot = Path.GetFullPath(plot) };
        if (json) JsonOutput.Write(ctx, result);
        else TrainRendering.Result(ctx, result);
        return ExitCode(ctx, result, folder);
    }

    /// <summary>Plans and checks everything a run needs, writes its run.json, trains nothing.</summary>
    private static int DryRun(CliContext ctx, RunManifest manifest, string folder, bool json)
    {
        manifest.VerifiedData();
        if (json) JsonOutput.Write(ctx, new DryRunResult(Path.GetFullPath(folder), manifest));
        else TrainRendering.RunPlan(ctx, manifest, folder);
        if (!RunManifest.Exists(folder)) manifest.Save(folder);
        if (!json) ctx.Console.WriteLine($"Dry run: run.json written to {Path.GetFullPath(folder)}; nothing trained (the same command without --dry-run trains it)");
        return 0;
    }

    /// <summary>0 completed; 1 diverged (the last good checkpoint kept); 75 stopped by a signal with a checkpoint where it stopped.</summary>
    private static int ExitCode(CliContext ctx, TrainResult result, string folder)
    {
        switch (result.Status)
        {
            case RunStatus.Diverged:
                ctx.Err.WriteLine("error: " + ctx.Flags.Expand(result.Message));
                return Cli.InternalError;
            case RunStatus.Interrupted:
                ctx.Err.WriteLine($"interrupted by {ctx.Signal?.ToString() ?? "a signal"}: {result.Message}; run the same command again (or train --resume --out {folder}) to continue");
                return Cli.Resumable;
            default:
                return 0;
        }
    }

    /// <summary>
    /// The run to train: the run already in the folder when there is one (the same request again, or
    /// --resume; a differing option is an error naming it), else a new plan of what was asked.
    /// </summary>
    private static RunManifest Manifest(CliContext ctx, TrainOptionSet o, ParseResult p, string folder, bool resume)
    {
        if (RunManifest.TryLoad(folder, line => ctx.Err.WriteLine(line)) is { } recorded)
        {
            if (resume)
            {
                var given = o.Given(p);
                o.Spec(p, recorded.Spec).RequireSame(recorded.Spec, folder, given.Contains);
            }
            else o.Spec(p).RequireSame(recorded.Spec, folder);
            if (p.GetValue(o.Store) is { } store && Path.GetFullPath(store) != recorded.Store)
                throw new InputException("store", store, $"the run in {folder} records into {recorded.Store}; leave {ParameterRef.To("store")} out to keep its history in one store");
            return recorded;
        }
        if (resume) throw new InputException("output", folder, $"expected a run folder to resume (no {RunManifest.FileName} there)");
        var spec = o.Spec(p);
        var data = DatasetMetadata.Load(spec.Data);
        var plan = RunPlanner.Plan(spec, p.GetValue(o.Law)!, data);
        foreach (var w in plan.Warnings) ctx.Err.WriteLine("warning: " + ctx.Flags.Expand(w));
        return RunManifest.New(plan, data, folder, p.GetValue(o.Store));
    }

    private static string Title(TrainResult r) =>
        $"{new Parameters(r.Parameters)} parameters ({r.Shape.Layers} x {r.Shape.DModel}), {r.PlannedTokens} tokens, {r.Precision.Key()}";

    /// <summary>What `train --dry-run --json` prints: the run folder and its run.json.</summary>
    public sealed record DryRunResult(string RunFolder, RunManifest Run);
}
