using ScalingLab.Units;

namespace ScalingLab.Fitting.Readers;

/// <summary>
/// Runs from logs as the <see cref="RunTable"/> `fit` reads: each logged loss is one point of its
/// run's training curve (run id, step, N, D = tokens seen, C = 6ND). The loss is the metric named by
/// <see cref="LogOptions.LossColumn"/>, else the first of eval/loss, eval_loss, val/loss, loss,
/// train/loss that the runs record; tokens come from a tokens metric or from step x tokens per step;
/// parameters from the options or what the log says. Anything missing is one error naming what to give.
/// </summary>
public static class LogTable
{
    public static readonly IReadOnlyList<string> LossNames = ["eval/loss", "eval_loss", "val/loss", "val_loss", "validation/loss", "loss", "train/loss", "train_loss"];
    public static readonly IReadOnlyList<string> TokenNames = ["num_input_tokens_seen", "tokens", "train/tokens", "tokens_seen", "consumed_tokens"];

    public static RunTable Build(IReadOnlyList<LogRun> runs, LogOptions o, string source, string field = "FILE")
    {
        if (runs.Count == 0) throw new InputException(field, source, "no runs found; expected trainer_state.json files, TensorBoard event files or a run-history CSV");
        var metrics = runs.SelectMany(r => r.Rows).SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var loss = o.LossColumn is { } asked
            ? metrics.FirstOrDefault(m => string.Equals(m, asked, StringComparison.OrdinalIgnoreCase))
              ?? throw new InputException("lossColumn", asked, $"no such metric in {source}; it has: {List(metrics)}")
            : LossNames.Select(n => metrics.FirstOrDefault(m => string.Equals(m, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(m => m is not null)
              ?? throw new InputException(field, source, $"no loss metric ({string.Join(", ", LossNames)}); name it with {ParameterRef.To("lossColumn")}; it has: {List(metrics)}");
        var tokens = o.TokensColumn is { } t
            ? metrics.FirstOrDefault(m => string.Equals(m, t, StringComparison.OrdinalIgnoreCase))
              ?? throw new InputException("tokensColumn", t, $"no such metric in {source}; it has: {List(metrics)}")
            : o.TokensPerStep is null ? TokenNames.Select(n => metrics.FirstOrDefault(m => string.Equals(m, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(m => m is not null) : null;

        var points = new List<RunPoint>();
        var notes = new List<string>();
        foreach (var run in runs)
        {
            var n = o.Parameters ?? run.Parameters
                ?? throw new InputException("parameters", "(missing)",
                    $"run '{run.Name}' ({run.Source}) does not say its size; give {ParameterRef.To("parameters")} N, a parameters column, or a config.json beside it");
            var used = 0;
            foreach (var row in run.Rows)
            {
                if (!row.Metrics.TryGetValue(loss, out var l) || !(l > 0) || !double.IsFinite(l)) continue;
                double d;
                if (tokens is not null)
                {
                    if (!row.Metrics.TryGetValue(tokens, out d)) continue;
                }
                else if (o.TokensPerStep is { } perStep) d = row.Step * perStep;
                else throw new InputException("tokensPerStep", "(missing)",
                    $"{source} records steps but not tokens; give {ParameterRef.To("tokensPerStep")} (batch x sequence length) or a tokens column");
                if (!(d > 0) || !double.IsFinite(d)) continue;
                points.Add(new RunPoint(row.Line, new Parameters(n), new Tokens(d), Flops.Of(new Parameters(n), new Tokens(d)), new Loss(l), run.Name, row.Step));
                used++;
            }
            if (used == 0) throw new InputException(field, run.Source, $"run '{run.Name}' has no row with a positive '{loss}'" + (tokens is null ? "" : $" and '{tokens}'"));
            notes.Add($"run {run.Name}: {used} points of '{loss}' from {Path.GetFileName(run.Source)}, N = {new Parameters(n)}" + (run.ParametersFrom is { } from && o.Parameters is null ? $" ({from})" : ""));
        }
        notes.Insert(0, $"read {runs.Count} run(s) from {source}: loss '{loss}', tokens " + (tokens is not null ? $"'{tokens}'" : $"= step x {QuantityFormat.Count(o.TokensPerStep!.Value)}") + ", C = 6ND");
        return new RunTable(source, points, notes);
    }

    private static string List(IEnumerable<string> names)
    {
        var l = names.ToList();
        return l.Count == 0 ? "nothing" : string.Join(", ", l.Take(20)) + (l.Count > 20 ? $" and {l.Count - 20} more" : "");
    }
}
