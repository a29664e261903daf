using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Sweeps;
using ScalingLab.Training.Sweeps;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab sweep status`: every run's state, loss and seconds, from the run folders and the store.</summary>
public static class SweepStatusCommand
{
    public static Command Create(CliContext ctx)
    {
        var spec = SweepSpecArgument.Create();
        var json = Options.Json();
        var cmd = new Command("status", """
            Every run of a sweep: pending, running, interrupted, completed or failed, with its final
            validation loss and seconds. Reads the run folders and the store; changes nothing.
            Examples:
              scalinglab sweep status sweeps/brown
              scalinglab sweep status sweeps/brown --json
            """)
        { spec, json };
        cmd.SetAction(p =>
        {
            var (s, folder) = SweepSpecArgument.Load(p.GetValue(spec)!);
            using var ledger = SweepLedger.Open(s, folder);
            var runs = s.Runs.Select(r => ledger.Status(r, LocalExecutor.IsLive(folder, r.Id) || SlurmExecutor.IsLive(ledger, r.Id))).ToList();
            if (p.GetValue(json)) JsonOutput.Write(ctx, SweepStatusReport.From(runs, false));
            else Render(ctx, s, runs);
            return 0;
        });
        return cmd;
    }

    public static void Render(CliContext ctx, SweepSpec spec, IReadOnlyList<SweepRunStatus> runs)
    {
        var t = Tables.New("Run", "State", "Parameters", "Tokens", "Val loss", "Best val", "Seconds", "Launches");
        foreach (var r in runs)
            t.Row(r.Id, SweepRendering.State(r.State), r.Parameters is { } n ? QuantityFormat.Count(n) : "",
                r.Tokens is { } d ? QuantityFormat.Count(d) : "", r.FinalValLoss is { } l ? l.ToString("0.0000") : "",
                r.BestValLoss is { } b ? b.ToString("0.0000") : "", r.Seconds is { } sec ? sec.ToString("0.0") : "", r.Attempts.ToString());
        ctx.Console.Write(t);
        ctx.Console.WriteLine(string.Join(", ", Enum.GetValues<SweepRunState>().Select(st => $"{runs.Count(r => r.State == st)} {SweepRendering.State(st)}")));
        foreach (var r in runs.Where(r => r.State == SweepRunState.Failed && r.Message is not null))
            ctx.Console.WriteLine($"{r.Id}: {r.Message}");
    }
}
