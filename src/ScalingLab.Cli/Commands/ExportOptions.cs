using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Export;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// What every `export` engine takes (--plan, --out, --json) and how every one answers: the JSON
/// object with --json; otherwise the exported file's text on stdout, or with --out the file written
/// (through a temporary file and a rename, never over the plan itself) and its name; notes on stderr.
/// </summary>
public sealed class ExportOptions
{
    public readonly Option<string> Plan = new("--plan")
    {
        Description = "The plan to export: the JSON of `scalinglab plan ... --gpus NxNAME --json`.",
        HelpName = "FILE",
        Required = true,
    };
    public readonly Option<string> Out = new("--out") { Description = "Write the exported file here instead of printing it.", HelpName = "FILE" };
    public readonly Option<bool> Json = Options.Json();

    public void AddTo(Command cmd)
    {
        cmd.Add(Plan);
        cmd.Add(Out);
        cmd.Add(Json);
    }

    public PlannedRun Read(ParseResult p) => PlanFile.Read(p.GetValue(Plan)!);

    /// <summary>The output file, refused when it is the plan file itself.</summary>
    public string? OutPath(ParseResult p)
    {
        if (p.GetValue(Out) is not { } path) return null;
        if (string.Equals(Path.GetFullPath(path), Path.GetFullPath(p.GetValue(Plan)!), StringComparison.Ordinal))
            throw new InputException("output", path, "that is the plan file; write the export to another file");
        return path;
    }

    /// <summary>Answers with <paramref name="json"/> (--json) or <paramref name="fileText"/>, and the notes.</summary>
    public int Answer(CliContext ctx, ParseResult p, object json, string fileText, IEnumerable<string> notes, bool notesInJson = true)
    {
        var path = OutPath(p);
        if (path is not null) WriteAtomically(path, fileText);
        if (p.GetValue(Json))
        {
            JsonOutput.Write(ctx, json);
            if (notesInJson) return 0;
        }
        else if (path is null) ctx.Out.Write(fileText.EndsWith('\n') ? fileText : fileText + "\n");
        else ctx.Out.WriteLine($"wrote {path}");
        foreach (var n in notes) ctx.Err.WriteLine("note: " + n);
        return 0;
    }

    private static void WriteAtomically(string path, string text)
    {
        try
        {
            IO.OutputPath.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("output", path, $"cannot write it ({e.Message.TrimEnd('.')})");
        }
    }
}
