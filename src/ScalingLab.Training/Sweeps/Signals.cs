using System.Runtime.InteropServices;

namespace ScalingLab.Training.Sweeps;

/// <summary>POSIX signals to processes by id, and whether a process is alive.</summary>
public static class Signals
{
    public const int SigInt = 2, SigKill = 9, SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);

    public static bool Send(int pid, int sig) => OperatingSystem.IsWindows() ? false : SysKill(pid, sig) == 0;

    /// <summary>Whether process <paramref name="pid"/> is alive and its command line contains <paramref name="marker"/>.</summary>
    public static bool Alive(int pid, string marker)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(marker, StringComparison.Ordinal) && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
