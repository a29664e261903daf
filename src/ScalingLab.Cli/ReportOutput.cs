using System.CommandLine;
using ScalingLab.IO;
using ScalingLab.Reports;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli;

/// <summary>
/// `--report FILE.html` on any verb that has a report: the option (checked while parsing: an .html
/// or .htm name in an existing folder), the check before any work that it would not overwrite a
/// file named as an input on the same command line, and the write itself (a temporary file in the
/// same folder, then a rename, so a reader never sees half a report), all through <see cref="OutputPath"/>.
/// </summary>
public static class ReportOutput
{
    public static Option<string?> Create(string what) => new("--report")
    {
        Description = $"Write {what} as one self-contained HTML page (figures inline as SVG, no scripts, nothing fetched from the network; prints on A4/Letter).",
        HelpName = "FILE.html",
        CustomParser = r => Options.ParseOrError(r, "--report", Checked),
    };

    /// <summary>The file endings a report may have.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".html", ".htm"];

    /// <summary>
    /// The report's path, checked before the work by the shared output check (<see cref="OutputPath.Check"/>,
    /// which also refuses each of <paramref name="inputs"/>), and refused when the same command line
    /// names it anywhere else too (an input of any option, or another output).
    /// </summary>
    public static string? Target(ParseResult p, Option<string?> option, IEnumerable<string>? inputs = null)
    {
        if (p.GetValue(option) is not { } path) return null;
        var named = p.Tokens.Count(t => Same(t.Value, Path.GetFullPath(path)));
        if (named > 1)
            throw new InputException(option.Name, path, "it is also an input of this command; give the report a file name of its own");
        OutputPath.Check(path, option.Name, inputs, Extensions);
        return path;
    }

    /// <summary>Builds the report and writes it to <paramref name="path"/>; says so on the terminal unless the output is JSON.</summary>
    public static void Write(CliContext ctx, ParseResult p, string path, Func<ReportOrigin, string> build, bool json)
    {
        var origin = ReportOrigin.Now(CommandLine(p), ctx.Flags.Expand);
        var html = build(origin);
        OutputPath.WriteAllText(path, html);
        if (!json) ctx.Console.WriteLine($"Report written to {path}");
    }

    private static string Checked(string path)
    {
        OutputPath.Check(path, "--report", extensions: Extensions);
        return path;
    }

    private static bool Same(string token, string full)
    {
        try { return Path.GetFullPath(token) == full; }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
    }

    // The command as typed, quoted where a shell would need it, so the report says how to make it again.
    private static string CommandLine(ParseResult p) =>
        "scalinglab " + string.Join(" ", p.Tokens.Select(t => t.Value.Length > 0 && t.Value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c)) ? t.Value : "'" + t.Value.Replace("'", "'\\''") + "'"));
}
