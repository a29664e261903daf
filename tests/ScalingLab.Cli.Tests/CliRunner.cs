using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ScalingLab.Cli.Tests;

/// <summary>Runs the CLI in-process (fast) or as a real process (exit codes, stderr, start-up).</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("no JSON on stdout");

        /// <summary>The house rule for bad input: exit 2, one "error: " line naming the field, no trace, no stdout.</summary>
        public void AssertBadInput(string field)
        {
            Assert.Equal(2, ExitCode);
            var lines = Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("error: ", lines[0]);
            Assert.Contains(field, lines[0]);
            Assert.DoesNotContain("   at ", Err);
            Assert.Equal("", Out);
        }
    }

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Cli.Run(args, o, e);
        return new Result(code, o.ToString(), e.ToString());
    }

    /// <summary>The built scalinglab.dll beside the test assembly, started with `dotnet`.</summary>
    public static Result RunProcess(params string[] args)
    {
        using var p = Start(null, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("scalinglab did not exit"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the built scalinglab.dll with `dotnet` and returns at once (stdout and stderr redirected), with environment changes.</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalinglab.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }
}
