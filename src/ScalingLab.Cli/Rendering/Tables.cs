using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The house style for tables: rounded border, bold header, no colour reliance.</summary>
public static class Tables
{
    public static Table New(params string[] columns)
    {
        var t = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) t.AddColumn(new TableColumn($"[bold]{Markup.Escape(c)}[/]"));
        return t;
    }

    public static Table Row(this Table t, params string[] cells)
    {
        t.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());
        return t;
    }

    /// <summary>Draws a <see cref="Reports.Tables.TextTable"/>, with ‹parameter› references shown as this command's flags.</summary>
    public static void Write(CliContext ctx, Reports.Tables.TextTable table)
    {
        var t = New(table.Headers.Select(ctx.Flags.Expand).ToArray());
        foreach (var row in table.Rows) t.Row(row.Select(ctx.Flags.Expand).ToArray());
        ctx.Console.Write(t);
    }

    public static void Warnings(IAnsiConsole console, IEnumerable<string> warnings)
    {
        foreach (var w in warnings) console.WriteLine("warning: " + w);
    }
}
