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
        if (folder is not null) RequireCreatable(folder, path, parameter);
        if (extensions is { Count: > 0 } && !extensions.Contains(Path.GetExtension(full), StringComparer.OrdinalIgnoreCase))
            throw new InputException(parameter, path, "expected a file ending in " + string.Join(" or ", extensions));
        foreach (var input in inputs ?? [])
            if (SameFile(full, input))
                throw new InputException(parameter, path, $"is an input of this command ({input}); writing it would destroy the data: choose another file");
        return full;
    }

    /// <summary>
    /// The full path of <paramref name="path"/> if a command may make or fill a folder there: not
    /// empty, not a file, and inside a folder that exists or can be created (the nearest existing
    /// folder above it accepts new entries). Whether an existing folder's content may be replaced is
    /// the writer's rule; this is only where. Otherwise an <see cref="InputException"/> naming <paramref name="parameter"/>.
    /// </summary>
    public static string CheckFolder(string path, string parameter)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputException(parameter, path ?? "", "expected a folder path to write");
        string full;
        try { full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException(parameter, path, "expected a valid folder path");
        }
        if (full.Length == 0) full = Path.DirectorySeparatorChar.ToString();
        if (File.Exists(full)) throw new InputException(parameter, path, "expected a folder; a file has that name");
        RequireCreatable(Directory.Exists(full) ? full : Path.GetDirectoryName(full), path, parameter);
        return full;
    }

    /// <summary>
    /// Refuses a place where nothing can be created (blaming <paramref name="path"/> on <paramref name="parameter"/>): the nearest existing folder at or above
    /// <paramref name="folder"/> must be a folder (not a file) that accepts a new entry, tried with
    /// an empty probe folder that is removed at once (permissions alone do not tell, for root or in /proc).
    /// </summary>
    public static void RequireCreatable(string? folder, string path, string parameter)
    {
        var at = folder;
        while (at is not null && !Directory.Exists(at))
        {
            if (File.Exists(at)) throw new InputException(parameter, path, $"{at} is a file, so no folder can be made there");
            at = Path.GetDirectoryName(at);
        }
        if (at is null) return;
        var probe = Path.Combine(at, $".scalinglab-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(parameter, path, $"nothing can be written in {at}; choose a folder where files can be created");
        }
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file beside <paramref name="path"/>, then renames it over the target.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        using var tracked = TemporaryPaths.Track(temp);
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
