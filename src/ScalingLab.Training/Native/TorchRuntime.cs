using System.Runtime.InteropServices;
using TorchSharp;

namespace ScalingLab.Training.Native;

/// <summary>
/// LibTorch could not be loaded. The message is one line naming the usual cause (TorchSharp's
/// glue library needs libstdc++ with GLIBCXX_3.4.32) and the fix, instead of TorchSharp's
/// misleading "doesn't contain a reference to libtorch-cpu-linux-x64".
/// </summary>
public sealed class TorchUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Loads LibTorch once and applies the start-up settings measured to matter on CPU.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _ready;

    public const string LoadFailureHint =
        "TorchSharp could not load LibTorch. Its native glue (libLibTorchSharp.so) needs libstdc++ with GLIBCXX_3.4.32 " +
        "(GCC 13); Debian 12 and Ubuntu 22.04 have 3.4.30. Build with `dotnet build`, which marks that one requirement " +
        "weak in the build output (see README, Requirements), or install a libstdc++6 from GCC 13 or later";

    /// <summary>Loads LibTorch, sets the thread count and the allocator thresholds; throws <see cref="TorchUnavailableException"/>.</summary>
    public static void EnsureReady(int threads)
    {
        lock (Gate)
        {
            if (!_ready)
            {
                TuneMalloc();
                // When loading fails TorchSharp writes a long probing trace to standard output, which
                // would corrupt --json output; it is kept for SCALINGLAB_DEBUG=1 instead.
                var stdout = Console.Out;
                var trace = new StringWriter();
                Console.SetOut(trace);
                try
                {
                    torch.InitializeDeviceType(DeviceType.CPU);
                }
                catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException)
                {
                    var reason = LoaderError() ?? Innermost(e).Message.Split('\n')[0].Trim();
                    throw new TorchUnavailableException($"{LoadFailureHint}. Loader said: {reason}", new Exception(trace.ToString(), e));
                }
                finally
                {
                    Console.SetOut(stdout);
                }
                _ready = true;
            }
            torch.set_num_threads(threads);
        }
    }

    /// <summary>The dynamic loader's own complaint about libLibTorchSharp.so (TorchSharp's message hides it).</summary>
    private static string? LoaderError()
    {
        var glue = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(glue)) return null;
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(glue));
            return null;
        }
        catch (DllNotFoundException e)
        {
            // .NET wraps dlerror() in advice about strace and LD_DEBUG; dlerror() is what names the version.
            var text = e.Message.ReplaceLineEndings(" ");
            var at = text.LastIndexOf("variable:", StringComparison.Ordinal);
            return (at >= 0 ? text[(at + "variable:".Length)..] : text).Trim();
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    // glibc returns multi-MB activation buffers to the OS after every step (15-25% of CPU time in
    // the kernel, up to 2x slower: docs/torchsharp.md). Raising the mmap and trim thresholds keeps
    // them in the heap. M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3 in glibc's malloc.h.
    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);

    private static void TuneMalloc()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            Mallopt(MMmapThreshold, 32 << 20);
            Mallopt(MTrimThreshold, 1 << 30);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no mallopt: training is slower, not wrong.
        }
    }
}
