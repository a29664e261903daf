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
        var iv = b?.Intervals;
        void Row(string what, string value, Interval? interval, Func<double, string>? format = null)
        {
            format ??= v => Number(v);
            if (b is null) t.Row(what, value);
            else t.Row(what, value, interval is { } i ? $"[{format(i.Low)}, {format(i.High)}]" : "");
        }
        Row("E (irreducible loss)", Number(f.E), iv?.E);
        Row("A", Number(f.A), iv?.A);
        Row("B", Number(f.B), iv?.B);
        Row("α (exponent of N)", Number(f.Alpha), iv?.Alpha);
        Row("β (exponent of D)", Number(f.Beta), iv?.Beta);
        Row("a = β/(α+β): N* ∝ C^a", Number(law.ParameterExponent), iv?.ParameterExponent);
        if (!IsLaw(f)) t.Row(b is null ? ["Compute-optimal point", "none: " + NotALaw(f)] : ["Compute-optimal point", "none: " + NotALaw(f), ""]);
        else if (b is not null)
        {
            var opt = ClosedForm.ComputeOptimal(law, b.Budget);
            Row($"N* at {b.Budget} FLOPs", QuantityFormat.Count(opt.Parameters.Value), iv!.NOpt, v => QuantityFormat.Count(v));
            Row($"D* at {b.Budget} FLOPs", QuantityFormat.Count(opt.Tokens.Value), iv.DOpt, v => QuantityFormat.Count(v));
            Row("Tokens per parameter there", Number(opt.TokensPerParameter, 3), iv.TokensPerParameter, v => Number(v, 3));
            Row("Loss there", opt.Loss.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), iv.Loss, v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        }
        return t;
    }

    public static TextTable Diagnostics(FitReport r)
    {
        var f = r.Parametric ?? throw new ArgumentException("the fit has no Approach-3 law", nameof(r));
        var d = f.Diagnostics;
        var t = new TextTable("Check", "Result");
        var vp = f.Method == ParametricMethod.VariableProjection;
        t.Row("Status", Status(f.Status) + $" ({f.StopReason}, max |gradient| {QuantityFormat.Scientific(f.GradientNorm, 2)})");
        t.Row("Search", vp
            ? $"variable projection over {f.Starts:N0} (α, β) cells: {f.Starts - f.ConvergedStarts:N0} inner solves did not converge; {f.StartsAtOptimum:N0} of {d.StopReasons.Values.Sum():N0} polished cells reached the best objective ({QuantityFormat.Scientific(f.Objective, 4)})"
            : $"{f.Starts:N0} L-BFGS starts; {f.ConvergedStarts:N0} converged; {f.StartsAtOptimum:N0} reached the best objective ({QuantityFormat.Scientific(f.Objective, 4)})");
        t.Row(vp ? "Best cell on the edge of the grid" : "Best start on the edge of the start grid", d.BestStartEdges.Count == 0 ? "no" : $"yes ({string.Join(", ", d.BestStartEdges)}); {d.InteriorStartsAtOptimum} interior {(vp ? "cells" : "starts")} reached the optimum too");
        t.Row("Conditioning", double.IsFinite(d.ConditionNumber)
            ? $"Hessian condition number {QuantityFormat.Scientific(d.ConditionNumber, 2)}" + (d.ConditionNumber > 1e10 ? ": some combination of constants is barely determined" : "")
            : "the Hessian is singular or not positive definite at the optimum: the minimum is flat or a saddle in some direction, so some constants are not determined by the data");
        var sizes = d.PointsPerBudget.Select(x => x.Points).ToList();
        if (sizes.Count > 0) t.Row("Points per budget", $"{sizes.Count} budgets of {sizes.Min()} to {sizes.Max()} runs");
        if (r.Bootstrap is { } b)
            t.Row("Bootstrap", $"{b.ConvergedResamples} of {b.Resamples} resamples converged; {b.GridChecks} full-grid refits found nothing lower" + (b.Proven ? "" : " (not proven)"));
        return t;
    }

    /// <summary>How the search ended, in words.</summary>
    public static string Status(FitStatus s) => s switch
    {
        FitStatus.Converged => "converged",
        FitStatus.OnGridEdge => "converged on the edge of the start grid",
        FitStatus.MaxIterations => "NOT converged (iterations used up)",
        FitStatus.LineSearchFailed => "NOT converged (line search failed)",
        _ => "NOT converged (objective not finite)",
    };

    /// <summary>Whether the fit is a scaling law: loss falling in both N and D (α, β above zero), so it has a compute-optimal point.</summary>
    public static bool IsLaw(ParametricFitResult f) => f.Alpha > 0 && f.Beta > 0 && double.IsFinite(f.E + f.A + f.B);

    /// <summary>Why a fit that is no scaling law has no optimum, in a line.</summary>
    public static string NotALaw(ParametricFitResult f) =>
        $"α = {Number(f.Alpha)}, β = {Number(f.Beta)}: with an exponent at or below zero the fitted loss does not fall with {(f.Alpha <= 0 ? "N" : "D")}, so no size is optimal";

    /// <summary>A constant as a reader takes it in: plain digits from 0.001 to 99,999, else 1.234e-7 (a bootstrap's far tail can be either).</summary>
    public static string Number(double v, int significant = 4) =>
        v != 0 && double.IsFinite(v) && (Math.Abs(v) >= 1e5 || Math.Abs(v) < 1e-3) ? QuantityFormat.Scientific(v, significant) : QuantityFormat.Significant(v, significant);

    /// <summary>What the backtest did, in a sentence: the split, what was predicted, and the default method and why.</summary>
    public static string BacktestSummary(BacktestResult bt)
    {
        var split = bt.Loo is { } loo
            ? $"Leave one budget out: each of {loo.Count} budgets predicted by every method fitted on the other budgets' runs."
            : $"Every method fitted on the {bt.TrainingPoints} runs below {bt.Threshold} FLOPs predicts the {bt.Budgets?.Count ?? 0} largest budget(s) ({bt.HeldOutPoints} held-out runs)"
                + (bt.MeanAbsRelativeLossError is { } e ? $"; Approach 3's mean |loss error| on those runs is {e:0.00%}." : ".");
        var intervals = bt.Resamples > 0
            ? $" Intervals ({bt.Confidence:0%}) come from {bt.Resamples} resamples of whole training budgets; \"inside\" means the observed IsoFLOP vertex, with its own error, lies in the interval."
            : "";
        if (!(bt.Loo ?? bt.Budgets ?? []).Any(h => h.Methods.Count > 0))
            return $"{split} No method could be fitted on the training budgets, so no prediction could be scored; the backtest's warnings say what the data lacks.";
        return $"{split} The default prediction (*) is {MethodName(bt.ChosenMethod)}, chosen by {bt.ChoiceReason}.{intervals}";
    }

    /// <summary>
    /// The backtest as `fit --backtest` records it: one row per held-out budget and method (the chosen
    /// method only, per budget, for leave-one-out) with the predicted optimum and loss, their intervals,
    /// what the budget's own IsoFLOP profile shows, the errors and whether the observation is inside; then each method's record.
    /// </summary>
    public static IReadOnlyList<TextTable> Backtest(BacktestResult bt)
    {
        var held = bt.Loo ?? bt.Budgets ?? [];
        var chosenOnly = bt.Loo is not null;
        var ci = $"{bt.Confidence:0%}";
        var t = new TextTable("Held-out budget", "Method", $"Optimal N [{ci}]", "Observed N", "Error", $"Loss at the optimum [{ci}]", "Observed loss", "Error", "Inside (N, loss)")
        { Caption = "Predicted against observed, per held-out budget" };
        foreach (var h in held)
            foreach (var m in h.Methods.Where(m => !chosenOnly || m.Name == h.Method))
            {
                var chosen = m.Name == h.Method;
                var nIv = chosen ? h.OptimalParametersInterval : m.OptimalParametersInterval;
                var lIv = chosen ? h.OptimalLossInterval : m.OptimalLossInterval;
                var n = m.PredictedOptimalParameters.Value;
                var l = m.PredictedOptimalLoss.Value;
                t.Row($"{QuantityFormat.Scientific(h.Flops, 3)} FLOPs", MethodName(m.Name) + (chosen && !chosenOnly ? " *" : ""),
                    double.IsFinite(n) && n > 0 ? QuantityFormat.Count(n) + Range(nIv, v => QuantityFormat.Count(v)) : "none (no law)",
                    h.ObservedOptimalParameters is { } o ? QuantityFormat.Count(o.Value) : "not bracketed",
                    Percent(m.ParametersError),
                    double.IsFinite(l) && l > 0 ? Loss(l) + Range(lIv, Loss) : "none (no law)",
                    h.ObservedMinimumLoss is { } ol ? Loss(ol.Value) : "—",
                    Percent(m.LossError),
                    chosen ? $"{Inside(h.InsideParametersInterval)}, {Inside(h.InsideLossInterval)}" : $"{Inside(m.InsideParametersInterval)}, {Inside(m.InsideLossInterval)}");
            }
        var summary = new TextTable("Method", "Budgets", "Mean |N error|", "Mean |loss error|", "N inside", "Loss inside") { Caption = "Each method's record over the held-out budgets" };
        foreach (var m in bt.Methods)
            summary.Row(MethodName(m.Name) + (m.Name == bt.ChosenMethod ? " (default)" : ""), m.Budgets.ToString(Inv),
                m.MeanAbsParametersError is { } e ? e.ToString("0.0%", Inv) : "—",
                m.MeanAbsLossError is { } le ? le.ToString("0.00%", Inv) : "—",
                m.InsideParametersInterval is { } ni ? $"{ni} of {m.Budgets}" : "—",
                m.InsideLossInterval is { } li ? $"{li} of {m.Budgets}" : "—");
        // A backtest in which no method could be fitted on the training budgets has nothing to tabulate (its warnings say why).
        return t.Rows.Count == 0 ? [] : [t, summary];
    }

    /// <summary>A backtest method as the report names it.</summary>
    public static string MethodName(BacktestMethod m) => m switch
    {
        BacktestMethod.Approach2 => "Approach 2",
        BacktestMethod.Approach2Weighted => "Approach 2, weighted",
        BacktestMethod.Approach3 => "Approach 3",
        _ => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(m.ToString()),
    };

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;
    private static string Loss(double v) => v.ToString("0.0000", Inv);
    private static string Range(Interval? iv, Func<double, string> format) =>
        iv is { } i && double.IsFinite(i.Low) && double.IsFinite(i.High) ? $" [{format(i.Low)}, {format(i.High)}]" : "";
    private static string Percent(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("+0.0%;-0.0%;0.0%", Inv) : "—";
    private static string Inside(bool? v) => v switch { true => "yes", false => "NO", _ => "—" };
}
