using System.Diagnostics;
using ScalingLab.Progress;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>
/// Shows long work as it goes, on stderr: on a terminal a live bar per stage with the detail (loss,
/// rate) and the time left; in a pipe or a log a plain line when a stage starts, at most every
/// <see cref="LineInterval"/> while it runs, and when it ends. Work runs on the calling thread and
/// may report from any thread.
/// </summary>
public static class ProgressView
{
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);

    public static T Run<T>(CliContext ctx, Func<IProgress<WorkProgress>, CancellationToken, T> work, bool quiet = false)
    {
        if (quiet) return work(new Progress(_ => { }), ctx.Cancellation);
        if (!ctx.LiveProgress) return work(Lines(ctx), ctx.Cancellation);
        T result = default!;
        ctx.ErrConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(live =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = work(new Progress(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                        {
                            foreach (var t in tasks.Values) t.StopTask();
                            tasks[p.Stage] = task = live.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(p.Total, 1));
                        }
                        task.MaxValue = Math.Max(p.Total, 1);
                        task.Value = p.Done;
                        task.Description = Markup.Escape(p.Detail is null ? p.Stage : $"{p.Stage}  {p.Detail}");
                    }
                }), ctx.Cancellation);
            });
        return result;
    }

    private static IProgress<WorkProgress> Lines(CliContext ctx)
    {
        string? stage = null;
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        return new Progress(p =>
        {
            lock (clock)
            {
                var now = clock.Elapsed;
                var done = p.Total > 0 && p.Done >= p.Total;
                if (p.Stage == stage && !done && now - last < LineInterval) return;
                stage = p.Stage;
                last = now;
                var count = p.Total > 0 ? $" {p.Done:N0}/{p.Total:N0}" : "";
                ctx.Err.WriteLine($"... {p.Stage}{count}{(p.Detail is null ? "" : "  " + p.Detail)}");
            }
        });
    }

    // Reports synchronously on the reporting thread: Progress<T> would post to the pool and reorder lines.
    private sealed class Progress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => report(value);
    }
}
