using System.Diagnostics;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// The README's install path, end to end: `dotnet pack` the tool, `dotnet tool install` it into a
/// temporary tool path, and run the installed `scalinglab` (a plan, then a tiny training run, which
/// needs the packed LibTorchSharp's libstdc++ requirement weakened by build/ElfVersionPatch.cs).
/// About 90 s on two cores, most of it compressing LibTorch into the package (65 s).
/// </summary>
public class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_plans_and_trains()
    {
        var work = Directory.CreateTempSubdirectory("scalinglab-tool-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var tools = Path.Combine(work, "tools");
            // The build the tests ran on (no second compile, no restore rewriting obj/ under other test runs);
            // packing still publishes into the package folder, where the ELF patch runs.
            Run("dotnet", Repo.Root, "pack", "src/ScalingLab.Cli", "-c", Configuration, "--no-build", "--no-restore", "-o", packages);
            // Only the packed folder as a source, so no package of the same name elsewhere can stand in for it.
            var config = Path.Combine(work, "nuget.config");
            File.WriteAllText(config, $"""<configuration><packageSources><clear /><add key="packed" value="{packages}" /></packageSources></configuration>""");
            Run("dotnet", work, "tool", "install", "--tool-path", tools, "--configfile", config, "ScalingLab.Cli");
            var scalinglab = Path.Combine(tools, "scalinglab");

            var plan = Run(scalinglab, work, "plan", "--budget", "1e21");
            Assert.StartsWith("Plan: compute-optimal for a budget of 1e21 FLOPs", plan);

            var data = Path.Combine(work, "data");
            Run(scalinglab, work, "data", "prepare", Repo.Path("data", "brown-sample"), "--format", "brown", "--out", data);
            var train = Run(scalinglab, work, "train", "--data", data, "--params", "100k", "--tokens", "20k", "--context", "32", "--batch", "8", "--threads", "1", "--json");
            Assert.Contains("\"finalTrainLoss\"", train);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string Run(string program, string directory, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish"); }
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(program)} {string.Join(' ', args)} exited {p.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        return stdout.Result;
    }
}
