using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Units;

namespace ScalingLab.Reports.Tables;

/// <summary>
/// The tables of an Approach-3 fit, as text: the constants with their bootstrap intervals and
/// what they imply at the bootstrap's budget, the evidence that the search found the minimum, and
/// the backtest on held-out budgets.
/// </summary>
public static class FitTables
{
    public static TextTable Law(FitReport r)
    {
        var f = r.Parametric ?? throw new ArgumentException("the fit has no Approach-3 law", nameof(r));
        var b = r.Bootstrap;
        var t = b is null ? new TextTable("", "Fitted") : new TextTable("", "Fitted", $"{b.Confidence:0%} interval ({b.Resamples} resamples)");
        var law = f.ToLaw("fit", new Laws.Source("fit", "", 0));
        void Row(string what, string value, string? key, Func<double, string>? format = null)
        {
            format ??= v => Number(v);
            if (b is null) t.Row(what, value);
            else t.Row(what, value, key is not null && b.Intervals.TryGetValue(key, out var iv) ? $"[{format(iv.Low)}, {format(iv.High)}]" : "");
        }
        Row("E (irreducible loss)", Number(f.E), "E");
        Row("A", Number(f.A), "A");
        Row("B", Number(f.B), "B");
        Row("α (exponent of N)", Number(f.Alpha), "alpha");
        Row("β (exponent of D)", Number(f.Beta), "beta");
        Row("a = β/(α+β): N* ∝ C^a", Number(law.ParameterExponent), "a");
        if (!IsLaw(f)) t.Row(b is null ? ["Compute-optimal point", "none: " + NotALaw(f)] : ["Compute-optimal point", "none: " + NotALaw(f), ""]);
        else if (b is not null)
        {
            var opt = ClosedForm.ComputeOptimal(law, b.Budget);
            Row($"N* at {b.Budget} FLOPs", QuantityFormat.Count(opt.Parameters.Value), "nOpt", v => QuantityFormat.Count(v));
            Row($"D* at {b.Budget} FLOPs", QuantityFormat.Count(opt.Tokens.Value), "dOpt", v => QuantityFormat.Count(v));
            Row("Tokens per parameter there", Number(opt.TokensPerParameter, 3), "tokensPerParameter", v => Number(v, 3));
            Row("Loss there", opt.Loss.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), "loss");
        }
        return t;
    }

    public static TextTable Diagnostics(FitReport r)
    {
        var f = r.Parametric ?? throw new ArgumentException("the fit has no Approach-3 law", nameof(r));
        var d = f.Diagnostics;
        var t = new TextTable("Check", "Result");
        t.Row("Search", $"{f.Starts:N0} starts; {f.ConvergedStarts:N0} converged; {f.StartsAtOptimum:N0} reached the best objective ({QuantityFormat.Scientific(f.Objective, 4)})");
        t.Row("Best start on the edge of the start grid", d.BestStartEdges.Count == 0 ? "no" : $"yes ({string.Join(", ", d.BestStartEdges)}); {d.InteriorStartsAtOptimum} interior starts reached the optimum too");
        t.Row("Conditioning", $"Hessian condition number {QuantityFormat.Scientific(d.ConditionNumber, 2)}" + (d.ConditionNumber > 1e10 ? ": some combination of constants is barely determined" : ""));
        var sizes = d.PointsPerBudget.Select(x => x.Points).ToList();
        if (sizes.Count > 0) t.Row("Points per budget", $"{sizes.Count} budgets of {sizes.Min()} to {sizes.Max()} runs");
        if (r.Bootstrap is { } b)
            t.Row("Bootstrap", $"{b.ConvergedResamples} of {b.Resamples} resamples converged; {b.GridChecks} full-grid refits found nothing lower" + (b.Proven ? "" : " (not proven)"));
        return t;
    }

    /// <summary>Whether the fit is a scaling law: loss falling in both N and D (α, β above zero), so it has a compute-optimal point.</summary>
    public static bool IsLaw(ParametricFitResult f) => f.Alpha > 0 && f.Beta > 0 && double.IsFinite(f.E + f.A + f.B);

    /// <summary>Why a fit that is no scaling law has no optimum, in a line.</summary>
    public static string NotALaw(ParametricFitResult f) =>
        $"α = {Number(f.Alpha)}, β = {Number(f.Beta)}: with an exponent at or below zero the fitted loss does not fall with {(f.Alpha <= 0 ? "N" : "D")}, so no size is optimal";

    /// <summary>A constant as a reader takes it in: plain digits from 0.001 to 99,999, else 1.234e-7 (a bootstrap's far tail can be either).</summary>
    public static string Number(double v, int significant = 4) =>
        v != 0 && double.IsFinite(v) && (Math.Abs(v) >= 1e5 || Math.Abs(v) < 1e-3) ? QuantityFormat.Scientific(v, significant) : QuantityFormat.Significant(v, significant);

    public static TextTable Backtest(BacktestResult bt)
    {
        var t = new TextTable("Held-out budget", "Runs", "Mean |loss error|", "Max |loss error|", "Optimal N: predicted / observed", "Loss at the optimum: predicted / observed");
        // The law fitted without the held-out budget can be no law (an exponent at or below zero): it then predicts no optimum.
        string Or(double v, string text) => double.IsFinite(v) && v > 0 ? text : "none (no law)";
        foreach (var h in bt.Budgets)
        {
            var n = Or(h.PredictedOptimum.Value, h.PredictedOptimum.ToString());
            var l = Or(h.PredictedOptimalLoss.Value, h.PredictedOptimalLoss.ToString());
            t.Row($"{new Flops(h.Flops)} FLOPs", h.Points.ToString(), $"{h.MeanAbsLossError:0.00%}", $"{h.MaxAbsLossError:0.00%}",
                h.ObservedOptimum is { } o ? $"{n} / {o}" + (h.OptimumRatio is { } r && double.IsFinite(r) ? $" (x{r:0.00})" : "") : $"{n} / no bracketed minimum",
                h.ObservedMinimumLoss is { } ol ? $"{l} / {ol}" : $"{l} / —");
        }
        return t;
    }
}
