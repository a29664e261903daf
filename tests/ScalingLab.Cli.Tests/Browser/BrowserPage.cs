using System.Text.Json.Nodes;
using SkiaSharp;

namespace ScalingLab.Cli.Tests.Browser;

/// <summary>What a figure looks like once laid out: its id, its box on the page, and what its SVG holds.</summary>
public sealed record RenderedFigure(string Id, double X, double Y, double Width, double Height, int Shapes, int Texts, string Caption);

/// <summary>
/// A page open in the browser: the problems it reported while loading (console errors, uncaught
/// exceptions, error log entries, any request that was not for a file: or data: URL), its figures
/// as laid out, a full-page screenshot and a printed PDF.
/// </summary>
public sealed class BrowserPage(Chromium browser, string session, string targetId, string url)
{
    /// <summary>Every console error, exception, error log entry and outside request, one line each.</summary>
    public IReadOnlyList<string> Problems()
    {
        var list = new List<string>();
        foreach (var e in browser.DevTools.Events.Where(e => (string?)e["sessionId"] == session))
        {
            var p = e["params"];
            switch ((string?)e["method"])
            {
                case "Runtime.consoleAPICalled" when (string?)p!["type"] is "error" or "assert" or "warning":
                    list.Add($"console {(string?)p["type"]}: " + string.Join(" ", p["args"]!.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString())));
                    break;
                case "Runtime.exceptionThrown":
                    list.Add("exception: " + (p!["exceptionDetails"]?["exception"]?["description"] ?? p["exceptionDetails"]?["text"]));
                    break;
                case "Log.entryAdded" when (string?)p!["entry"]!["level"] is "error" or "warning":
                    list.Add($"log {(string?)p["entry"]!["level"]} ({(string?)p["entry"]!["source"]}): {(string?)p["entry"]!["text"]}");
                    break;
                case "Network.requestWillBeSent" when (string?)p!["request"]!["url"] is { } u && u != url && !u.StartsWith("data:", StringComparison.Ordinal):
                    list.Add("request: " + u);
                    break;
            }
        }
        return list;
    }

    public async Task<JsonNode?> Evaluate(string expression)
    {
        var r = await browser.DevTools.Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, session);
        if (r["exceptionDetails"] is { } ex) throw new InvalidOperationException("script failed: " + ex.ToJsonString());
        return r["result"]?["value"];
    }

    /// <summary>Each figure element with its page box and the count of drawn SVG elements in it.</summary>
    public async Task<IReadOnlyList<RenderedFigure>> Figures()
    {
        const string script = """
            JSON.stringify([...document.querySelectorAll('figure')].map(f => {
              const svg = f.querySelector('svg');
              const r = (svg || f).getBoundingClientRect();
              return { id: f.id, x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height,
                shapes: svg ? svg.querySelectorAll('path, rect, circle, ellipse, polyline, polygon, line, image, use').length : 0,
                texts: svg ? [...svg.querySelectorAll('text')].filter(t => t.textContent.trim().length > 0).length : 0,
                caption: (f.querySelector('figcaption') || {}).textContent || '' };
            }))
            """;
        var json = JsonNode.Parse((string)(await Evaluate(script))!)!.AsArray();
        return json.Select(n => new RenderedFigure((string)n!["id"]!, (double)n["x"]!, (double)n["y"]!, (double)n["w"]!, (double)n["h"]!,
            (int)n["shapes"]!, (int)n["texts"]!, (string)n["caption"]!)).ToList();
    }

    /// <summary>The whole page as a PNG, at one CSS pixel per image pixel.</summary>
    public async Task<byte[]> Screenshot()
    {
        var metrics = await browser.DevTools.Send("Page.getLayoutMetrics", null, session);
        var size = metrics["cssContentSize"]!;
        var shot = await browser.DevTools.Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = (double)size["width"]!, ["height"] = (double)size["height"]!, ["scale"] = 1 },
        }, session);
        return Convert.FromBase64String((string)shot["data"]!);
    }

    /// <summary>The page printed (print style sheet, A4), as PDF bytes.</summary>
    public async Task<byte[]> Print()
    {
        var pdf = await browser.DevTools.Send("Page.printToPDF", new JsonObject { ["paperWidth"] = 8.27, ["paperHeight"] = 11.69, ["printBackground"] = true }, session);
        return Convert.FromBase64String((string)pdf["data"]!);
    }

    /// <summary>The share of a box of the screenshot that is not (near) white: ink actually drawn.</summary>
    public static double Ink(SKBitmap page, RenderedFigure f)
    {
        int x0 = (int)f.X, y0 = (int)f.Y, x1 = Math.Min(page.Width, (int)(f.X + f.Width)), y1 = Math.Min(page.Height, (int)(f.Y + f.Height));
        long inked = 0, all = 0;
        for (var y = y0 + 2; y < y1 - 2; y += 2)
            for (var x = x0 + 2; x < x1 - 2; x += 2)
            {
                var c = page.GetPixel(x, y);
                all++;
                if (c.Red + c.Green + c.Blue < 3 * 235) inked++;
            }
        return all == 0 ? 0 : (double)inked / all;
    }

    public Task Close() => browser.DevTools.Send("Target.closeTarget", new JsonObject { ["targetId"] = targetId });
}
