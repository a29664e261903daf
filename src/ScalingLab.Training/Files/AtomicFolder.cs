using ScalingLab.IO;
using ScalingLab.Units;

namespace ScalingLab.Training.Files;

/// <summary>
/// Writes a folder as a whole or not at all: the content goes into a temporary sibling folder,
/// which is renamed into place once complete. An existing folder is checked before any work
/// starts: it is replaced only when <c>replace</c> allows it and it holds what the writer itself
/// makes (<c>marker</c>), and never when it holds or is one of the inputs.
/// </summary>
public static class AtomicFolder
{
    /// <summary>Throws <see cref="InputException"/> (parameter <paramref name="parameter"/>) if writing <paramref name="target"/> could lose data.</summary>
    public static void Check(string target, string parameter, bool replace, string marker, IEnumerable<string> inputs, string replaceParameter)
    {
        var full = OutputPath.CheckFolder(target, parameter);
        foreach (var input in inputs.Select(i => Path.GetFullPath(i).TrimEnd(Path.DirectorySeparatorChar)))
            if (input == full || input.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || full.StartsWith(input + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new InputException(parameter, target, $"expected a folder apart from the inputs; it holds or lies inside {input}");
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any()) return;
        if (!File.Exists(Path.Combine(full, marker)))
            throw new InputException(parameter, target, "expected a new or empty folder; this one holds other files");
        if (!replace)
            throw new InputException(parameter, target, $"holds a prepared dataset already; give {ParameterRef.To(replaceParameter)} to replace it, or choose another folder");
    }

    /// <summary>Runs <paramref name="write"/> on a temporary folder, then puts that folder at <paramref name="target"/> (replacing what <see cref="Check"/> allowed).</summary>
    public static void Write(string target, Action<string> write)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        using var tracked = TemporaryPaths.Track(temp);
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            if (Directory.Exists(full))
            {
                var old = Path.Combine(parent, $".{Path.GetFileName(full)}.old-{Guid.NewGuid():N}");
                Directory.Move(full, old);
                Directory.Move(temp, full);
                Directory.Delete(old, recursive: true);
            }
            else Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }
}
