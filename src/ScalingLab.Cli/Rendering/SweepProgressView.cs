using ScalingLab.Sweeps;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>
/// A running sweep on stderr: on a terminal a live table of every run's state and share done, with
/// the counts and the sweep's ETA above it; in a pipe or a log one plain line per event (a run
/// started, finished, was resumed or resubmitted) with the counts and the ETA; nothing under --json.
/// </summary>
public static class SweepProgressView
{
    public static T Run<T>(CliContext ctx, Func<IProgress<SweepProgress>, CancellationToken, T> work, bool quiet)
    {
        if (quiet) return work(new Sink(_ => { }), ctx.Cancellation);
        if (!ctx.LiveProgress)
            return work(new Sink(p =>
            {
                if (p.Event is { } e) ctx.Err.WriteLine($"{e}  [{Counts(p)}, ETA {QuantityFormat.Duration(p.EtaSeconds)}]");
            }), ctx.Cancellation);
        T result = default!;
        var table = new Table().Border(TableBorder.Rounded);
        ctx.ErrConsole.Live(table).AutoClear(false).Start(live =>
        {
            result = work(new Sink(p =>
            {
                lock (table)
                {
                    Fill(table, p);
                    live.Refresh();
                }
            }), ctx.Cancellation);
        });
        return result;
    }

    private static string Counts(SweepProgress p) =>
        $"{p.Count(SweepRunState.Completed)}/{p.Runs.Count} completed, {p.Count(SweepRunState.Running)} running"
        + (p.Count(SweepRunState.Failed) > 0 ? $", {p.Count(SweepRunState.Failed)} failed" : "");

    private static void Fill(Table t, SweepProgress p)
    {
        t.Rows.Clear();
        if (t.Columns.Count == 0)
            foreach (var c in new[] { "Run", "State", "Done", "Val loss" }) t.AddColumn(c);
        t.Title = new TableTitle($"{Counts(p)}; ETA {QuantityFormat.Duration(p.EtaSeconds)}");
        t.Caption = p.Event is null ? null : new TableTitle(Markup.Escape(p.Event));
        // Running runs first, then the rest in spec order: a 35-run sweep fits a terminal that way.
        foreach (var r in p.Runs.OrderBy(r => r.State == SweepRunState.Running ? 0 : 1))
            t.AddRow(Markup.Escape(r.Id), SweepRendering.State(r.State), $"{r.Fraction:P0}", r.FinalValLoss is { } l ? l.ToString("0.0000") : "");
    }

    private sealed class Sink(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
