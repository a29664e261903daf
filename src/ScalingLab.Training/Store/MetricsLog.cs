using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Training.Loop;

namespace ScalingLab.Training.Store;

/// <summary>
/// metrics.jsonl in the run folder: one JSON object per logged step, appended. A crash mid-append
/// leaves a torn last line; reading skips lines that do not parse, and a resumed run rewrites the
/// file with the good lines up to its checkpoint (<see cref="TruncateAfter"/>), saying how many it dropped.
/// </summary>
public sealed class MetricsLog(string runFolder)
{
    public string Path { get; } = System.IO.Path.Combine(runFolder, "metrics.jsonl");

    public void Append(MetricPoint p) =>
        File.AppendAllText(Path, JsonSerializer.Serialize(p, ScalingLabJson.Compact) + "\n");

    /// <summary>Keeps the readable lines up to <paramref name="step"/> (a resumed run writes the rest again); returns how many unreadable lines it dropped.</summary>
    public int TruncateAfter(long step)
    {
        if (!File.Exists(Path)) return 0;
        var (points, unreadable) = ReadAll();
        var tmp = Path + ".tmp";
        File.WriteAllLines(tmp, points.Where(p => p.Step <= step).Select(p => JsonSerializer.Serialize(p, ScalingLabJson.Compact)));
        File.Move(tmp, Path, overwrite: true);
        return unreadable;
    }

    /// <summary>The logged points; unreadable lines (a torn tail) are left out.</summary>
    public IReadOnlyList<MetricPoint> Read() => ReadAll().Points;

    private (IReadOnlyList<MetricPoint> Points, int Unreadable) ReadAll()
    {
        if (!File.Exists(Path)) return ([], 0);
        var points = new List<MetricPoint>();
        var unreadable = 0;
        foreach (var line in File.ReadLines(Path))
        {
            if (line.Length == 0) continue;
            if (Parse(line) is { } p) points.Add(p);
            else unreadable++;
        }
        return (points, unreadable);
    }

    private static MetricPoint? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<MetricPoint>(line, ScalingLabJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
