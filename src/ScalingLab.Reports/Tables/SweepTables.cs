using ScalingLab.Allocation;
using ScalingLab.Sweeps;
using ScalingLab.Units;

namespace ScalingLab.Reports.Tables;

/// <summary>The tables of a sweep, as text: its budgets, its runs, the approaches' predictions side by side, and the verification runs.</summary>
public static class SweepTables
{
    public static TextTable Budgets(SweepSnapshot s)
    {
        var t = new TextTable("Budget (FLOPs)", "Runs completed", "Model sizes", "Tokens", "Tokens per parameter");
        foreach (var g in s.Spec.Runs.GroupBy(r => r.Budget).OrderBy(g => g.Key))
        {
            var done = g.Count(r => State(s, r.Id) == SweepRunState.Completed);
            t.Row(QuantityFormat.Scientific(g.Key, 3), $"{done} of {g.Count()}", Range(g.Select(r => r.Parameters)), Range(g.Select(r => r.Tokens)),
                $"{QuantityFormat.Significant(g.Min(r => r.Tokens / r.Parameters), 2)} to {QuantityFormat.Significant(g.Max(r => r.Tokens / r.Parameters), 2)}");
        }
        return t;
    }

    public static TextTable Runs(SweepSnapshot s)
    {
        var t = new TextTable("Run", "Budget", "Parameters", "Tokens", "State", "Final val loss", "Best val loss", "Time", "Launches");
        foreach (var r in s.Spec.Runs)
        {
            var st = s.Runs.FirstOrDefault(x => x.Id == r.Id);
            t.Row(r.Id, QuantityFormat.Scientific(r.Budget, 3), QuantityFormat.Count(st?.Parameters ?? r.Parameters), QuantityFormat.Count(st?.Tokens ?? r.Tokens),
                st is null ? "unknown" : st.State.ToString().ToLowerInvariant() + (st.State == SweepRunState.Failed && st.Message is not null ? ": " + st.Message : ""),
                Loss(st?.State == SweepRunState.Completed ? st.FinalValLoss : null), Loss(st?.BestValLoss),
                st?.Seconds is { } sec ? QuantityFormat.Duration(sec).Replace(' ', '\u00a0') : "", st?.Attempts.ToString() ?? "");
        }
        return t;
    }

    public static TextTable Approaches(SweepAnalysisResult a)
    {
        var t = new TextTable("Approach", "Optimal N", "Tokens D", "Loss", "Method");
        foreach (var p in a.Approaches)
        {
            var name = Name(p);
            if (p.Skipped is not null) { t.Row(name, "skipped", "", "", p.Skipped); continue; }
            if (p.Parameters is not { } n || !double.IsFinite(n) || n <= 0) { t.Row(name, "none", "", "", p.Method + "; the fit is no scaling law, so it has no optimum"); continue; }
            t.Row(name + (p == a.Prediction ? " (headline)" : ""),
                With(p.Parameters, p.ParametersInterval, v => QuantityFormat.Count(v)), With(p.Tokens, p.TokensInterval, v => QuantityFormat.Count(v)),
                With(p.Loss, p.LossInterval, v => v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)),
                p.Method + (p.Resamples > 0 ? $"; {p.Resamples} resamples" : ""));
        }
        return t;
    }

    public static TextTable Verification(IReadOnlyList<SweepVerification> runs, double largestBudget)
    {
        var t = new TextTable("Run", "Budget", "Parameters", "Tokens", "Predicted loss (95% interval)", "Measured loss", "Error", "Inside the interval");
        foreach (var v in runs)
            t.Row(v.Run, $"{QuantityFormat.Scientific(v.Flops, 3)} ({v.Flops / largestBudget:0.#}x the sweep's largest)", QuantityFormat.Count(v.Parameters), QuantityFormat.Count(v.Tokens),
                With(v.PredictedLoss, v.LossInterval, x => x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)),
                v.MeasuredLoss.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture),
                $"{v.RelativeError:+0.00%;-0.00%} of the measured loss", double.IsFinite(v.LossInterval.Low) ? v.Inside ? "yes" : "NO" : "no interval (no bootstrap)");
        return t;
    }

    /// <summary>"approach3" as a reader reads it: "Approach 3".</summary>
    public static string Name(ApproachPrediction p) => p.Approach.Replace("approach", "Approach ");

    private static SweepRunState? State(SweepSnapshot s, string id) => s.Runs.FirstOrDefault(r => r.Id == id)?.State;

    private static string Range(IEnumerable<double> values)
    {
        var v = values.ToList();
        return v.Min() == v.Max() ? QuantityFormat.Count(v.Min()) : $"{QuantityFormat.Count(v.Min())} to {QuantityFormat.Count(v.Max())}";
    }

    private static string Loss(double? v) => v is { } x ? x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static string With(double? value, Interval? iv, Func<double, string> format) =>
        value is not { } v ? "" : iv is { } i && double.IsFinite(i.Low) && double.IsFinite(i.High) ? $"{format(v)} [{format(i.Low)}, {format(i.High)}]" : format(v);
}
