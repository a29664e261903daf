using System.Collections.Concurrent;

namespace ScalingLab.IO;

/// <summary>
/// The temporary files and folders this process is writing (an output before its rename into
/// place). Each writer removes its own when it finishes or fails; <see cref="DeleteAll"/> is for
/// the one path that skips those finally blocks: a process ended on purpose while work runs (a
/// signal whose work did not stop within its grace), so that it leaves no half-written sibling.
/// </summary>
public static class TemporaryPaths
{
    private static readonly ConcurrentDictionary<string, byte> Live = new();

    /// <summary>Notes <paramref name="path"/> as being written until the returned handle is disposed.</summary>
    public static IDisposable Track(string path)
    {
        Live[path] = 0;
        return new Handle(path);
    }

    /// <summary>Deletes every path still being written (or only those inside <paramref name="under"/>); errors are ignored (the process is ending).</summary>
    public static void DeleteAll(string? under = null)
    {
        var prefix = under is null ? null : Path.GetFullPath(under).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var path in Live.Keys.Where(p => prefix is null || Path.GetFullPath(p).StartsWith(prefix, StringComparison.Ordinal)))
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else if (File.Exists(path)) File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private sealed class Handle(string path) : IDisposable
    {
        public void Dispose() => Live.TryRemove(path, out _);
    }
}
