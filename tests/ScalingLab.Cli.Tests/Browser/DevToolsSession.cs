using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScalingLab.Cli.Tests.Browser;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one WebSocket: commands are matched to replies by
/// id; events (console messages, exceptions, log entries, network requests, page loads) are kept in
/// arrival order for the test to inspect. Every wait is bounded.
/// </summary>
public sealed class DevToolsSession : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> pending = new();
    private readonly ConcurrentQueue<JsonNode> events = new();
    private readonly CancellationTokenSource stop = new();
    private Task? reader;
    private int nextId;

    public IEnumerable<JsonNode> Events => events;

    public static async Task<DevToolsSession> Connect(Uri endpoint)
    {
        var s = new DevToolsSession();
        s.socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(Patience);
        await s.socket.ConnectAsync(endpoint, timeout.Token);
        s.reader = Task.Run(s.Read);
        return s;
    }

    /// <summary>Sends a command (to a page when <paramref name="sessionId"/> is given) and returns its result; a protocol error throws.</summary>
    public async Task<JsonNode> Send(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null) message["sessionId"] = sessionId;
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await socket.SendAsync(bytes, WebSocketMessageType.Text, true, stop.Token);
        var done = await Task.WhenAny(reply.Task, Task.Delay(Patience));
        if (done != reply.Task) throw new TimeoutException($"no reply to {method} within {Patience.TotalSeconds} s");
        var answer = await reply.Task;
        if (answer["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return answer["result"] ?? new JsonObject();
    }

    /// <summary>Waits until an event named <paramref name="method"/> has arrived for the session.</summary>
    public async Task WaitFor(string method, string sessionId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!events.Any(e => (string?)e["method"] == method && (string?)e["sessionId"] == sessionId))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {method} event within {Patience.TotalSeconds} s");
            if (reader is { IsCompleted: true }) throw new InvalidOperationException("the DevTools connection closed");
            await Task.Delay(20);
        }
    }

    private async Task Read()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && !stop.IsCancellationRequested)
            {
                var r = await socket.ReceiveAsync(buffer, stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } id && pending.TryRemove((int)id, out var reply)) reply.TrySetResult(node);
                else if (node["method"] is not null) events.Enqueue(node);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        foreach (var p in pending.Values) p.TrySetException(new InvalidOperationException("the DevTools connection closed"));
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        if (reader is not null) await Task.WhenAny(reader, Task.Delay(2000));
        socket.Dispose();
        stop.Dispose();
    }
}
