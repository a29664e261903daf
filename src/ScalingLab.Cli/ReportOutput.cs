using System.CommandLine;
using ScalingLab.Reports;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli;

/// <summary>
/// `--report FILE.html` on any verb that has a report: the option (checked while parsing: an .html
/// or .htm name in an existing folder), the check before any work that it would not overwrite a
/// file named as an input on the same command line, and the write itself (a temporary file in the
/// same folder, then a rename, so a reader never sees half a report).
/// </summary>
public static class ReportOutput
{
    public static Option<string?> Create(string what) => new("--report")
    {
        Description = $"Write {what} as one self-contained HTML page (figures inline as SVG, no scripts, nothing fetched from the network; prints on A4/Letter).",
        HelpName = "FILE.html",
        CustomParser = r => Options.ParseOrError(r, "--report", Checked),
    };

    /// <summary>The report's path, refused when the same command line names it as an input too. Call before the work.</summary>
    public static string? Target(ParseResult p, Option<string?> option)
    {
        if (p.GetValue(option) is not { } path) return null;
        var full = Path.GetFullPath(path);
        var named = p.Tokens.Count(t => Same(t.Value, full));
        if (named > 1)
            throw new InputException(option.Name, path, "it is also an input of this command; give the report a file name of its own");
        return path;
    }

    /// <summary>Builds the report and writes it to <paramref name="path"/>; says so on the terminal unless the output is JSON.</summary>
    public static void Write(CliContext ctx, ParseResult p, string path, Func<ReportOrigin, string> build, bool json)
    {
        var origin = ReportOrigin.Now(CommandLine(p), ctx.Flags.Expand);
        var html = build(origin);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, html);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        if (!json) ctx.Console.WriteLine($"Report written to {path}");
    }

    private static string Checked(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".html" or ".htm"))
            throw new InputException("--report", path, "expected a file name ending in .html, such as plan.html");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputException("--report", path, "that is a folder; expected a file name ending in .html");
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new InputException("--report", path, $"the folder {folder} does not exist");
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
