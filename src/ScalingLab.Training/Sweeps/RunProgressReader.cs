using System.Text.Json;

namespace ScalingLab.Training.Sweeps;

/// <summary>The share of a run's planned tokens it has trained, from the last line of its metrics.jsonl.</summary>
public static class RunProgressReader
{
    public static double Fraction(string runFolder, double plannedTokens)
    {
        var path = Path.Combine(runFolder, "metrics.jsonl");
        if (!File.Exists(path) || plannedTokens <= 0) return 0;
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, f.Length - 1024);
            f.Seek(start, SeekOrigin.Begin);
            var tail = new StreamReader(f).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = tail.Length - 1; i >= 0; i--)
            {
                try
                {
                    using var doc = JsonDocument.Parse(tail[i]);
                    if (doc.RootElement.TryGetProperty("tokens", out var t)) return Math.Clamp(t.GetDouble() / plannedTokens, 0, 1);
                }
                catch (JsonException) { }
            }
        }
        catch (IOException) { }
        return 0;
    }
}
