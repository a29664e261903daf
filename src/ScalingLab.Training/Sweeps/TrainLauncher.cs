using System.Diagnostics;

namespace ScalingLab.Training.Sweeps;

/// <summary>
/// Starts `scalinglab train` as a child process: the program is given as the command that starts
/// it (the apphost, or `dotnet scalinglab.dll`), the working directory is the sweep folder, and
/// stdout and stderr go to files. A child can be asked to stop with a signal (it then checkpoints).
/// </summary>
public sealed record TrainLauncher(IReadOnlyList<string> Command)
{
    public TrainProcess Start(IEnumerable<string> args, string workingDirectory, string stdoutPath, string stderrPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stdoutPath))!);
        var psi = new ProcessStartInfo(Command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Command.Skip(1).Concat(args)) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Command[0]);
        return new TrainProcess(p, stdoutPath, stderrPath);
    }
}

/// <summary>A running child: its id, its exit, and a way to signal it.</summary>
public sealed class TrainProcess : IDisposable
{
    private readonly Process _p;
    private readonly Task _out, _err;

    internal TrainProcess(Process p, string stdoutPath, string stderrPath)
    {
        _p = p;
        _out = Copy(p.StandardOutput, stdoutPath);
        _err = Copy(p.StandardError, stderrPath);
    }

    public int Pid => _p.Id;
    public bool HasExited => _p.HasExited;

    public int WaitForExit()
    {
        _p.WaitForExit();
        Task.WaitAll(_out, _err);
        return _p.ExitCode;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_p.WaitForExit(timeout)) return false;
        Task.WaitAll(_out, _err);
        return true;
    }

    public int ExitCode => _p.ExitCode;

    /// <summary>
    /// SIGTERM: the trainer stops at the next step, keeping (or writing) its checkpoint, and exits 75.
    /// Not SIGINT: a program started in the background by a non-interactive shell (`sweep run &` in a
    /// script, a CI step) inherits SIGINT ignored, and .NET leaves an ignored SIGINT ignored, so the
    /// child would never stop.
    /// </summary>
    public void Interrupt() => Signals.Send(_p.Id, Signals.SigTerm);

    public void Kill()
    {
        try { _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private static async Task Copy(StreamReader from, string path)
    {
        await using var to = new StreamWriter(path, append: true);
        var buffer = new char[4096];
        int n;
        while ((n = await from.ReadAsync(buffer)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n));
            await to.FlushAsync();
        }
    }

    public void Dispose() => _p.Dispose();
}
