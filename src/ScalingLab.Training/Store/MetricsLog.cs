using System.Text.Json;
using ScalingLab.Serialization;
using ScalingLab.Training.Loop;

namespace ScalingLab.Training.Store;

/// <summary>metrics.jsonl in the run folder: one JSON object per logged step, appended and flushed.</summary>
public sealed class MetricsLog(string runFolder)
{
    public string Path { get; } = System.IO.Path.Combine(runFolder, "metrics.jsonl");

    public void Append(MetricPoint p) =>
        File.AppendAllText(Path, JsonSerializer.Serialize(p, ScalingLabJson.Compact) + "\n");

    /// <summary>Drops lines after <paramref name="step"/>: a resumed run writes them again.</summary>
    public void TruncateAfter(long step)
    {
        if (!File.Exists(Path)) return;
        var kept = Read().Where(p => p.Step <= step).Select(p => JsonSerializer.Serialize(p, ScalingLabJson.Compact));
        var tmp = Path + ".tmp";
        File.WriteAllLines(tmp, kept);
        File.Move(tmp, Path, overwrite: true);
    }

    public IReadOnlyList<MetricPoint> Read() =>
        !File.Exists(Path) ? [] :
        File.ReadLines(Path).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<MetricPoint>(l, ScalingLabJson.Options)!)
            .ToList();
}
