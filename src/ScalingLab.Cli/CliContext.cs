using System.Runtime.InteropServices;
using Spectre.Console;

namespace ScalingLab.Cli;

/// <summary>
/// Where a command writes and how it is stopped: plain writers for JSON and errors, a Spectre console
/// for tables, a console on stderr for live progress when stderr is a terminal (plain lines when it
/// is a pipe or a file), and a cancellation token that SIGINT (Ctrl-C) and SIGTERM (what schedulers
/// send before a kill) trip once, so long work can stop cleanly; a second signal ends the process.
/// </summary>
public sealed class CliContext : IDisposable
{
    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public IAnsiConsole Console { get; }

    /// <summary>Progress goes to stderr, so stdout stays clean for JSON and tables.</summary>
    public IAnsiConsole ErrConsole { get; }

    /// <summary>True when stdout is an interactive terminal (colour, live tables).</summary>
    public bool Live { get; }

    /// <summary>True when stderr is an interactive terminal: long verbs draw live progress there.</summary>
    public bool LiveProgress { get; }

    /// <summary>How library parameters are named on this command line (set once the command is known).</summary>
    public Flags Flags { get; internal set; } = new(null);

    private readonly CancellationTokenSource stop = new();
    private readonly List<PosixSignalRegistration> signals = [];

    /// <summary>Tripped by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Cancellation => stop.Token;

    /// <summary>The signal that asked the work to stop, if one did.</summary>
    public PosixSignal? Signal { get; private set; }

    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        var isProcess = ReferenceEquals(stdout, System.Console.Out);
        Out = isProcess ? new StdoutWriter(stdout) : stdout;
        Err = stderr;
        Live = isProcess && !System.Console.IsOutputRedirected;
        LiveProgress = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
        Console = Create(Out, Live);
        // Redirected output (pipes, files, tests) gets a fixed width so tables never wrap oddly.
        if (!Live) Console.Profile.Width = 110;
        ErrConsole = Create(stderr, LiveProgress);
        if (isProcess)
            foreach (var s in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
                signals.Add(PosixSignalRegistration.Create(s, OnSignal));
    }

    /// <summary>
    /// How long the work has, after the first signal, to stop on its own before the process ends
    /// with exit 130 and one line anyway (a loop that does not look at <see cref="Cancellation"/>,
    /// such as reading a huge table, must not keep a scheduler waiting); null for verbs that save
    /// their work when stopped (train, sweep run), which are left to finish that.
    /// </summary>
    public TimeSpan? StopGrace { get; set; } = TimeSpan.FromSeconds(5);

    private void OnSignal(PosixSignalContext c)
    {
        if (Signal is not null) return; // the second signal: let the runtime end the process
        Signal = c.Signal;
        c.Cancel = true;
        stop.Cancel();
        if (StopGrace is { } grace)
            new Thread(() =>
            {
                Thread.Sleep(grace);
                Err.WriteLine($"interrupted by {Signal}: the work did not stop within {grace.TotalSeconds:0} s, so the process ends here; nothing more was written");
                IO.TemporaryPaths.DeleteAll();
                Environment.Exit(Cli.Interrupted);
            }) { IsBackground = true, Name = "stop-grace" }.Start();
    }

    private static IAnsiConsole Create(TextWriter w, bool live) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(w),
        Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = live ? InteractionSupport.Detect : InteractionSupport.No,
    });

    public void Dispose()
    {
        foreach (var s in signals) s.Dispose();
        stop.Dispose();
    }
}
