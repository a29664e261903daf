using ScalingLab.Units;

namespace ScalingLab.Training.Files;

/// <summary>
/// One process at a time in a run folder: an exclusive lock on a file in it, held while the run
/// trains and released when the process ends (however it ends), so a second training into the
/// same folder, or a --resume while the run is still training, is refused instead of both
/// writing the same checkpoints and metrics.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Locks <paramref name="folder"/> (creating it), or throws an <see cref="InputException"/> on <paramref name="parameter"/> when another process holds it.</summary>
    public static RunLock Acquire(string folder, string parameter)
    {
        Directory.CreateDirectory(folder);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix; the kernel drops it with the process.
            return new RunLock(new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            throw new InputException(parameter, folder, "another process is training this run right now; wait for it to end (or stop it) before training here again");
        }
    }

    public void Dispose() => _file.Dispose();
}
