using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ScalingLab.Cli.Tests;

/// <summary>A scalinglab process (the built scalinglab.dll under `dotnet`) that a test can signal or kill while it runs.</summary>
internal sealed class CliProcess : IDisposable
{
    public const int SigInt = 2, SigTerm = 15;

    private readonly Process _p;
    private readonly Task<string> _out, _err;

    private CliProcess(Process p)
    {
        _p = p;
        _out = p.StandardOutput.ReadToEndAsync();
        _err = p.StandardError.ReadToEndAsync();
    }

    public static CliProcess Start(IEnumerable<string> args) => new(CliRunner.Start(null, [.. args]));

    public bool HasExited => _p.HasExited;

    /// <summary>Sends a POSIX signal (SIGINT, SIGTERM) as a terminal or a scheduler would.</summary>
    public void Signal(int signal)
    {
        if (Kill(_p.Id, signal) != 0) throw new InvalidOperationException($"kill({_p.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>kill -9: no handler runs, nothing is flushed.</summary>
    public void KillHard() => _p.Kill(entireProcessTree: true);

    /// <summary>Waits for the process to end; a process still running after <paramref name="timeout"/> is killed and fails the test.</summary>
    public CliRunner.Result Wait(TimeSpan timeout)
    {
        if (!_p.WaitForExit(timeout))
        {
            _p.Kill(entireProcessTree: true);
            throw new TimeoutException($"scalinglab did not exit within {timeout}");
        }
        _p.WaitForExit();
        return new CliRunner.Result(_p.ExitCode, _out.Result, _err.Result);
    }

    public void Dispose() => _p.Dispose();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
