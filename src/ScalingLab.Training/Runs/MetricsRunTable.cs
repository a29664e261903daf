using ScalingLab.Fitting;
using ScalingLab.Training.Loop;
using ScalingLab.Training.Store;
using ScalingLab.Units;

namespace ScalingLab.Training.Runs;

/// <summary>
/// One run's training curve from its metrics.jsonl, with the parameters from the run.json beside it:
/// a point per logged step (training loss, 10-step average; validation loss where a pass landed is
/// in the columns). A curve is what Approach 1 reads; several runs' curves make its envelope.
/// </summary>
public static class MetricsRunTable
{
    public static RunTable Read(string path, string field = "FILE")
    {
        if (!File.Exists(path)) throw new InputException(field, path, "expected an existing metrics.jsonl");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var manifest = RunManifest.TryLoad(folder)
            ?? throw new InputException(field, path, $"expected the run's {RunManifest.FileName} beside it (it gives the parameters)");
        var n = Compute.ParameterCount.Total(manifest.Options.Shape);
        IReadOnlyList<MetricPoint> metrics;
        try { metrics = new MetricsLog(folder).Read(); }
        catch (System.Text.Json.JsonException e) { throw new InputException(field, path, $"a line is not a metrics record ({e.Message.Split('\n')[0]})"); }
        var run = Path.GetFileName(folder);
        var points = metrics.Where(m => m.Tokens > 0 && m.TrainLoss > 0 && double.IsFinite(m.TrainLoss))
            .Select((m, i) => new RunPoint(i + 1, new(n), new(m.Tokens), Units.Flops.Of(new(n), new(m.Tokens)), new(m.TrainLoss), run, m.Step,
                new Dictionary<string, string> { ["run"] = run, ["valLoss"] = m.ValLoss?.ToString("R") ?? "" }))
            .ToList();
        if (points.Count == 0) throw new InputException(field, path, "no logged steps in it yet");
        return new RunTable(path, points, [$"read the training curve of run {run} ({points.Count} logged steps, {QuantityFormat.Count(n)} parameters) from {Path.GetFileName(path)}: training loss, 10-step average"]);
    }
}
