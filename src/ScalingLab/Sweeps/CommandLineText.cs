using System.Text;

namespace ScalingLab.Sweeps;

/// <summary>
/// Arguments written as one line of text, as a person would type them: separated by spaces, with
/// double quotes around an argument that holds a space or a quote (a quote inside doubled).
/// </summary>
public static class CommandLineText
{
    public static string Join(IEnumerable<string> args) => string.Join(' ', args.Select(Quote));

    public static string Quote(string a) =>
        a.Length > 0 && !a.Any(c => char.IsWhiteSpace(c) || c == '"') ? a : "\"" + a.Replace("\"", "\"\"") + "\"";

    public static List<string> Split(string text)
    {
        var args = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') { quoted = true; any = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (any) args.Add(cell.ToString());
                cell.Clear();
                any = false;
            }
            else { cell.Append(c); any = true; }
        }
        if (any) args.Add(cell.ToString());
        return args;
    }
}
