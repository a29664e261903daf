using System.Text;

namespace ScalingLab.Reports.Html;

/// <summary>Escaping of text for HTML content and attribute values: every string a report shows passes through here.</summary>
public static class HtmlText
{
    /// <summary>Text as element content: &amp;, &lt;, &gt; and quotes escaped; control characters other than tab and newline dropped.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var b = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': b.Append("&amp;"); break;
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '"': b.Append("&quot;"); break;
                case '\'': b.Append("&#39;"); break;
                case '\t' or '\n': b.Append(ch); break;
                case < ' ' or '\u007f': break;
                default: b.Append(ch); break;
            }
        }
        return b.ToString();
    }

    /// <summary>Text as a double-quoted attribute value (the same escapes; newlines as spaces).</summary>
    public static string Attribute(string? text) => Escape(text).Replace('\n', ' ').Replace('\t', ' ');

    /// <summary>An id or class name: lower-case letters, digits and hyphens only.</summary>
    public static string Name(string text)
    {
        var b = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
            b.Append(ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-');
        return b.ToString().Trim('-');
    }
}
