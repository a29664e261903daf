using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScalingLab.Cli.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's chromium package) driven over the DevTools protocol. Started with a
/// fresh profile folder and with background networking, component updates, sync and QUIC off, so it
/// makes no connection of its own; `--remote-debugging-port=0` lets it pick a free port, which it
/// prints as "DevTools listening on ws://...". One browser serves a whole test class.
/// </summary>
public sealed partial class Chromium : IAsyncDisposable
{
    /// <summary>Set by .ci/run: without Chromium the browser tests then fail instead of skipping.</summary>
    public const string RequireVariable = "SCALINGLAB_REQUIRE_CHROMIUM";

    private readonly Process process;
    private readonly string profile;
    public DevToolsSession DevTools { get; }

    private Chromium(Process process, string profile, DevToolsSession devTools) => (this.process, this.profile, DevTools) = (process, profile, devTools);

    /// <summary>The browser's path: $CHROMIUM, else chromium or chromium-browser on PATH; null when none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } given) return File.Exists(given) ? given : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Whether CI demands the browser tests run.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static async Task<Chromium> Start(string executable)
    {
        var profile = Directory.CreateTempSubdirectory("scalinglab-chromium-").FullName;
        var psi = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                     $"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank",
                 })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        _ = process.StandardOutput.ReadToEndAsync();
        var endpoint = await Endpoint(process);
        // Keep draining stderr so the browser never blocks on a full pipe.
        _ = process.StandardError.ReadToEndAsync();
        return new Chromium(process, profile, await DevToolsSession.Connect(endpoint));
    }

    private static async Task<Uri> Endpoint(Process process)
    {
        var seen = new List<string>();
        var read = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                seen.Add(line);
                if (Listening().Match(line) is { Success: true } m) return new Uri(m.Groups[1].Value);
            }
            return null;
        });
        if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60))) != read || await read is not { } uri)
        {
            if (!process.HasExited) process.Kill(true);
            throw new InvalidOperationException("Chromium did not open its DevTools port; it said: " + string.Join(" | ", seen.TakeLast(5)));
        }
        return uri;
    }

    /// <summary>Opens <paramref name="file"/> in a new tab of <paramref name="width"/> CSS pixels and waits until it has loaded and its fonts are ready.</summary>
    public async Task<BrowserPage> Open(string file, int width = 1100)
    {
        var target = await DevTools.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await DevTools.Send("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true });
        var session = (string)attached["sessionId"]!;
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" })
            await DevTools.Send(domain, null, session);
        await DevTools.Send("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false,
        }, session);
        var url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        await DevTools.Send("Page.navigate", new JsonObject { ["url"] = url }, session);
        await DevTools.WaitFor("Page.loadEventFired", session);
        await DevTools.Send("Runtime.evaluate", new JsonObject { ["expression"] = "document.fonts.ready.then(() => true)", ["awaitPromise"] = true }, session);
        return new BrowserPage(this, session, (string)target["targetId"]!, url);
    }

    public async ValueTask DisposeAsync()
    {
        try { await DevTools.Send("Browser.close"); } catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        await DevTools.DisposeAsync();
        if (!process.WaitForExit(10_000)) process.Kill(true);
        process.Dispose();
        try { Directory.Delete(profile, true); } catch (IOException) { }
    }

    [GeneratedRegex("DevTools listening on (ws://\\S+)")]
    private static partial Regex Listening();
}
