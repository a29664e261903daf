using System.Text.RegularExpressions;

namespace ScalingLab.Cli.Tests.Export;

/// <summary>
/// Reads the generated recipe the way the field check needs: the names each `from M import ...`
/// brings in, every keyword argument with the callable it is passed to, and every attribute
/// assigned on `config`. Enough Python for the text the exporter writes (no strings with parentheses).
/// </summary>
public static partial class PythonCalls
{
    [GeneratedRegex(@"^from (?<module>[\w.]+) import \(?(?<names>[^)]*?)\)?$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FromImport();

    [GeneratedRegex(@"^\s*config\.(?<attr>\w+)\s*=", RegexOptions.Multiline)]
    private static partial Regex ConfigAssignment();

    public static IEnumerable<(string Module, string Name)> Imports(string source)
    {
        foreach (var statement in Regex.Split(source, @"\n(?=\S)"))
        {
            var m = FromImport().Match(statement.Trim());
            if (!m.Success) continue;
            foreach (var name in m.Groups["names"].Value.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return (m.Groups["module"].Value, name);
        }
    }

    public static IEnumerable<string> ConfigAttributes(string source) =>
        ConfigAssignment().Matches(source).Select(m => m.Groups["attr"].Value);

    /// <summary>(callable, keyword) for every `name=` inside a call's parentheses.</summary>
    public static IEnumerable<(string Callee, string Keyword)> Keywords(string source)
    {
        var body = source[(source.IndexOf("\ndef ", StringComparison.Ordinal) + 1)..];
        var stack = new Stack<string>();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '(')
            {
                var j = i;
                while (j > 0 && (char.IsLetterOrDigit(body[j - 1]) || body[j - 1] is '_' or '.')) j--;
                stack.Push(body[j..i]);
            }
            else if (c == ')') stack.Pop();
            else if (char.IsLetter(c) || c == '_')
            {
                var j = i;
                while (j < body.Length && (char.IsLetterOrDigit(body[j]) || body[j] == '_')) j++;
                var isKeyword = stack.Count > 0 && j < body.Length && body[j] == '=' && (j + 1 >= body.Length || body[j + 1] != '=')
                                && (i == 0 || !(char.IsLetterOrDigit(body[i - 1]) || body[i - 1] is '.' or '"'));
                if (isKeyword) yield return (stack.Peek(), body[i..j]);
                i = j - 1;
            }
            else if (c == '"')
            {
                i = body.IndexOf('"', i + 1);
            }
        }
    }
}
