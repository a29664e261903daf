using ScalingLab.Units;

namespace ScalingLab.IO;

/// <summary>
/// Where a command may write, checked before any work starts: a file (not a folder) in a folder
/// that exists, with an extension the writer honours, that is none of the command's inputs; and
/// the write itself through a temporary file beside the target, renamed over it at the end, so a
/// crash or a stop never leaves a half-written file and an existing file is replaced whole or not at all.
/// </summary>
public static class OutputPath
{
    /// <summary>
    /// The full path of <paramref name="path"/> if a command may write there; otherwise an
    /// <see cref="InputException"/> naming <paramref name="parameter"/>. <paramref name="extensions"/>
    /// (".png", ".svg"), when given, are the only endings accepted, compared case-insensitively.
    /// </summary>
    public static string Check(string path, string parameter, IEnumerable<string>? inputs = null, IReadOnlyList<string>? extensions = null)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputException(parameter, path ?? "", "expected a file path to write");
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException(parameter, path, "expected a valid file path");
        }
        if (Directory.Exists(full) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
            throw new InputException(parameter, path, "is a folder; expected a file path inside it (e.g. " + Path.Combine(path, "out" + (extensions?.FirstOrDefault() ?? ".json")) + ")");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new InputException(parameter, path, $"the folder {folder} does not exist; create it first or write elsewhere");
        if (extensions is { Count: > 0 } && !extensions.Contains(Path.GetExtension(full), StringComparer.OrdinalIgnoreCase))
            throw new InputException(parameter, path, "expected a file ending in " + string.Join(" or ", extensions));
        foreach (var input in inputs ?? [])
            if (SameFile(full, input))
                throw new InputException(parameter, path, $"is an input of this command ({input}); writing it would destroy the data: choose another file");
        return full;
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file beside <paramref name="path"/>, then renames it over the target.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text));

    // Same file by full path, following symbolic links, and by case where the file system ignores case.
    private static bool SameFile(string full, string input)
    {
        if (string.IsNullOrWhiteSpace(input)) return false;
        var a = Resolve(full);
        var b = Resolve(Path.GetFullPath(input));
        return string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }

    private static string Resolve(string full)
    {
        try
        {
            var info = new FileInfo(full);
            return info.Exists && info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        }
        catch (IOException) { return full; }
    }
}
