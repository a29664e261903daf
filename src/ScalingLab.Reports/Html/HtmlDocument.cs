using System.Reflection;
using System.Text;
using ScalingLab.Reports.Figures;
using ScalingLab.Reports.Tables;

namespace ScalingLab.Reports.Html;

/// <summary>A headline number of a report: what it is, its value, and a short qualifier.</summary>
public sealed record Fact(string Label, string Value, string? Note = null);

/// <summary>
/// One self-contained HTML page built from plain text: every string given here is escaped on the
/// way in, so no caller writes markup; figures come in as SVG from <see cref="Figure"/>. The page
/// has its style sheet inline (screen and print), no scripts, no fonts or images from elsewhere:
/// it opens offline, prints on A4 or Letter, and can be attached to a proposal as one file.
/// </summary>
public sealed class HtmlDocument(string kind, string title)
{
    private readonly StringBuilder body = new();
    private readonly List<(string Id, string Heading)> sections = [];
    private readonly List<string> meta = [];
    private int figures;
    private bool open;

    /// <summary>A line under the title: when and how the report was made.</summary>
    public HtmlDocument Meta(string text)
    {
        meta.Add($"<p class=\"meta\">{HtmlText.Escape(text)}</p>");
        return this;
    }

    /// <summary>The command that makes this report again, shown as code.</summary>
    public HtmlDocument Command(string commandLine)
    {
        meta.Add($"<p class=\"meta\">Command: <code>{HtmlText.Escape(commandLine)}</code></p>");
        return this;
    }

    public HtmlDocument Section(string id, string heading)
    {
        Close();
        var name = HtmlText.Name(id);
        sections.Add((name, heading));
        body.Append($"<section id=\"{name}\">\n<h2>{HtmlText.Escape(heading)}</h2>\n");
        open = true;
        return this;
    }

    public HtmlDocument Subheading(string text)
    {
        body.Append($"<h3>{HtmlText.Escape(text)}</h3>\n");
        return this;
    }

    public HtmlDocument Paragraph(string text)
    {
        body.Append($"<p>{HtmlText.Escape(text)}</p>\n");
        return this;
    }

    /// <summary>A formula or a command, set in monospace.</summary>
    public HtmlDocument Formula(string text)
    {
        body.Append($"<p class=\"formula\"><code>{HtmlText.Escape(text)}</code></p>\n");
        return this;
    }

    public HtmlDocument Facts(IEnumerable<Fact> facts)
    {
        body.Append("<div class=\"facts\">\n");
        foreach (var f in facts)
        {
            body.Append($"<div class=\"fact\"><div class=\"label\">{HtmlText.Escape(f.Label)}</div><div class=\"value\">{HtmlText.Escape(f.Value)}</div>");
            if (f.Note is not null) body.Append($"<div class=\"note\">{HtmlText.Escape(f.Note)}</div>");
            body.Append("</div>\n");
        }
        body.Append("</div>\n");
        return this;
    }

    /// <summary>A table; ‹parameter› references in its cells are expanded by <paramref name="expand"/> when given.</summary>
    public HtmlDocument Table(TextTable t, Func<string, string>? expand = null)
    {
        expand ??= s => s;
        body.Append("<table>\n");
        if (t.Caption is not null) body.Append($"<caption>{HtmlText.Escape(t.Caption)}</caption>\n");
        if (t.Headers.Count > 0)
        {
            body.Append("<thead><tr>");
            foreach (var h in t.Headers) body.Append($"<th scope=\"col\">{HtmlText.Escape(expand(h))}</th>");
            body.Append("</tr></thead>\n");
        }
        body.Append("<tbody>\n");
        foreach (var row in t.Rows)
        {
            body.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
                body.Append(i == 0 && t.RowLabels ? $"<th scope=\"row\">{HtmlText.Escape(expand(row[i]))}</th>" : $"<td>{HtmlText.Escape(expand(row[i]))}</td>");
            body.Append("</tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>Rows of label and value.</summary>
    public HtmlDocument Pairs(string? caption, IEnumerable<(string Label, string Value)> rows)
    {
        var t = new TextTable { Caption = caption };
        foreach (var (label, value) in rows) t.Row(label, value);
        return Table(t);
    }

    public HtmlDocument Figure(Figure figure)
    {
        figures++;
        var id = "fig-" + HtmlText.Name(figure.Id);
        body.Append($"<figure id=\"{id}\" class=\"plot\">\n{figure.InlineSvg()}\n");
        body.Append($"<figcaption><span class=\"figno\">Figure {figures}.</span> {HtmlText.Escape(figure.Caption)}</figcaption>\n</figure>\n");
        return this;
    }

    /// <summary>A boxed list: warnings (amber) or notes (grey); nothing when the list is empty.</summary>
    public HtmlDocument Callout(string heading, IEnumerable<string> items, bool warning)
    {
        var list = items.ToList();
        if (list.Count == 0) return this;
        body.Append($"<div class=\"callout {(warning ? "warning" : "note")}\" role=\"{(warning ? "alert" : "note")}\">\n<p class=\"callout-head\">{HtmlText.Escape(heading)}</p>\n<ul>\n");
        foreach (var i in list) body.Append($"<li>{HtmlText.Escape(i)}</li>\n");
        body.Append("</ul>\n</div>\n");
        return this;
    }

    public string Render()
    {
        Close();
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append($"<meta name=\"generator\" content=\"ScalingLab\">\n<title>{HtmlText.Escape(title)} · {HtmlText.Escape(kind)}</title>\n");
        page.Append("<style>\n").Append(Style.Value).Append("</style>\n</head>\n<body>\n<main>\n");
        page.Append($"<header>\n<p class=\"kind\">{HtmlText.Escape(kind)}</p>\n<h1>{HtmlText.Escape(title)}</h1>\n");
        foreach (var m in meta) page.Append(m).Append('\n');
        page.Append("</header>\n");
        if (sections.Count > 2)
        {
            page.Append("<nav class=\"contents\" aria-label=\"Contents\"><ol>\n");
            foreach (var (id, heading) in sections) page.Append($"<li><a href=\"#{id}\">{HtmlText.Escape(heading)}</a></li>\n");
            page.Append("</ol></nav>\n");
        }
        page.Append(body);
        page.Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    private void Close()
    {
        if (open) body.Append("</section>\n");
        open = false;
    }

    // The style sheet ships inside the assembly (Html/report.css), so the page needs no file beside it.
    private static readonly Lazy<string> Style = new(() =>
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("ScalingLab.Reports.report.css")
            ?? throw new InvalidOperationException("report.css is not embedded in ScalingLab.Reports");
        return new StreamReader(s).ReadToEnd();
    });
}
