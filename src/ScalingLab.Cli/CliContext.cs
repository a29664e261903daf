using Spectre.Console;

namespace ScalingLab.Cli;

/// <summary>Where a command writes: plain writers for JSON and errors, a Spectre console for tables.</summary>
public sealed class CliContext
{
    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public IAnsiConsole Console { get; }

    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Err = stderr;
        var toTerminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = toTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = toTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Redirected output (pipes, files, tests) gets a fixed width so tables never wrap oddly.
        if (!toTerminal) Console.Profile.Width = 110;
    }
}
