using System.Text.RegularExpressions;

namespace ScalingLab.Units;

/// <summary>
/// A reference to a library parameter inside a message ("give ‹price› or ‹instance›"). The library
/// writes references; whoever shows the message decides how parameters are named (the CLI shows
/// flags, a library caller the parameter names themselves).
/// </summary>
public static partial class ParameterRef
{
    public static string To(string parameter) => "‹" + parameter + "›";

    /// <summary>Replaces every reference with <paramref name="name"/> of the parameter.</summary>
    public static string Expand(string text, Func<string, string> name) =>
        text.Contains('‹') ? Reference().Replace(text, m => name(m.Groups[1].Value)) : text;

    [GeneratedRegex("‹([^›]+)›")]
    private static partial Regex Reference();
}
