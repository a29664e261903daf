using ScalingLab.Training.Sweeps;

namespace ScalingLab.Cli;

/// <summary>
/// How this program starts itself as a child (`scalinglab train` for sweeps): the apphost when it
/// runs as one, otherwise `dotnet scalinglab.dll` with the dotnet that runs this process (tests call
/// the CLI in-process, from a test host). SCALINGLAB_COMMAND overrides it (a path with arguments).
/// </summary>
public static class SelfLauncher
{
    public static IReadOnlyList<string> Command()
    {
        if (Environment.GetEnvironmentVariable("SCALINGLAB_COMMAND") is { Length: > 0 } custom)
            return Sweeps.CommandLineText.Split(custom);
        var dll = typeof(Cli).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(host) == "scalinglab") return [host];
        var dotnet = Path.GetFileNameWithoutExtension(host) == "dotnet" ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        return [dotnet, dll];
    }

    public static TrainLauncher Launcher() => new(Command());
}
