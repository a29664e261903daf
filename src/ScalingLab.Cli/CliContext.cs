using Spectre.Console;

namespace ScalingLab.Cli;

/// <summary>
/// Where a command writes: plain writers for JSON and errors, a Spectre console for tables, and
/// whether output goes to a terminal (live progress) or to a pipe or file (plain lines).
/// </summary>
public sealed class CliContext
{
    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public IAnsiConsole Console { get; }

    /// <summary>True when stdout is an interactive terminal: long verbs draw live progress there.</summary>
    public bool Live { get; }

    /// <summary>How library parameters are named on this command line (set once the command is known).</summary>
    public Flags Flags { get; internal set; } = new(null);

    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Err = stderr;
        Live = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = Live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Live ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output (pipes, files, tests) gets a fixed width so tables never wrap oddly.
        if (!Live) Console.Profile.Width = 110;
    }
}
