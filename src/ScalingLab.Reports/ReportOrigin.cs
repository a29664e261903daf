using System.Reflection;

namespace ScalingLab.Reports;

/// <summary>
/// Where a report came from: the command that made it (so a reader can make it again), when, and
/// how library ‹parameter› references in messages are shown (the CLI shows its flags).
/// </summary>
public sealed record ReportOrigin(string? CommandLine, DateTimeOffset Generated, Func<string, string> Expand)
{
    public static ReportOrigin Now(string? commandLine = null, Func<string, string>? expand = null) =>
        new(commandLine, DateTimeOffset.UtcNow, expand ?? (text => Units.ParameterRef.Expand(text, p => p)));

    public static string Version { get; } =
        typeof(ReportOrigin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "dev";

    public string GeneratedLine => $"Generated {Generated.UtcDateTime:yyyy-MM-dd HH:mm} UTC by ScalingLab {Version}.";

    /// <summary>The page head lines every report starts with.</summary>
    public Html.HtmlDocument Stamp(Html.HtmlDocument page)
    {
        page.Meta(GeneratedLine);
        if (CommandLine is not null) page.Command(CommandLine);
        return page;
    }
}
