using System.Globalization;
using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The table view of a <see cref="FitReport"/>: the data read, each approach, the backtest, what was skipped and written.</summary>
public static class FitRendering
{
    public static void Render(CliContext ctx, FitReport r)
    {
        var c = ctx.Console;
        c.WriteLine($"Fit: {r.Table.Source}, {r.Table.Points.Count} points");
        foreach (var n in r.Table.Notes) c.WriteLine("  " + n);
        if (r.Parametric is { } f) Approach3(c, f, r.Request);
        if (r.IsoFlop is { } iso) Approach2(c, iso);
        if (r.Envelope is { } env) Approach1(c, env);
        if (r.Backtest is { } bt) Backtest(c, bt);
        foreach (var (k, v) in r.Skipped) c.WriteLine($"skipped {k}: {ctx.Flags.Expand(v)}");
        if (r.LawFile is { } saved) c.WriteLine($"Law written to {saved} (use: scalinglab plan --law {saved} --budget 1e22)");
        if (r.Plot is { } plot) c.WriteLine($"Plot written to {plot}");
    }

    private static string F(double v, int sig = 4) => QuantityFormat.Significant(v, sig);
    private static string I(Interval i, int sig = 4) => $"[{F(i.Low, sig)}, {F(i.High, sig)}]";

    private static void Approach3(IAnsiConsole c, ParametricFitResult f, FitRequest request)
    {
        var b = f.Bootstrap;
        var search = f.Method == ParametricMethod.VariableProjection
            ? $"variable projection over {f.Starts:N0} (alpha, beta) cells, the best polished on all 5 constants"
            : $"L-BFGS from {f.Starts:N0} grid starts";
        c.WriteLine($"Approach 3: L = E + A/N^alpha + B/D^beta, Huber delta {f.HuberDelta:g3}, {search}, {f.Seconds:0.00} s");
        c.Write(ConstantsTable(f, b, request.Budget ?? BootstrapOptions.DefaultBudget));
        var d = f.Diagnostics;
        var reached = f.Method == ParametricMethod.VariableProjection
            ? $"{f.StartsAtOptimum:N0} of {d.StopReasons.Values.Sum()} polished cells reached the optimum; {f.Starts - f.ConvergedStarts} inner solves did not converge; "
            : $"{f.StartsAtOptimum:N0} of {f.Starts:N0} starts reached the optimum; {d.NotConvergedStarts} did not converge; ";
        c.WriteLine($"Status: {Status(f.Status)} ({f.StopReason}, max|g| {f.GradientNorm:0.0e+0}); " + reached
            + $"Hessian condition {(double.IsFinite(d.ConditionNumber) ? d.ConditionNumber.ToString("0.0e+0", CultureInfo.InvariantCulture) : "not finite")}; "
            + $"best {(f.Method == ParametricMethod.VariableProjection ? "cell" : "start")} on grid edge: {(d.BestStartEdges.Count == 0 ? "no" : string.Join(", ", d.BestStartEdges))} ({d.InteriorStartsAtOptimum} interior {(f.Method == ParametricMethod.VariableProjection ? "cells" : "starts")} reached the optimum too)");
        if (b is not null)
            c.WriteLine($"Bootstrap: {b.ConvergedResamples}/{b.Resamples} resamples converged (max|g| {b.MaxGradientNorm:0.0e+0} <= {Fitting.Bootstrap.ConvergedGradient:0e+0}); "
                + $"{b.GridChecks} full-grid refits found nothing lower (gap {b.GridCheckMaxRelativeGap:0.0e+0}); {b.Seconds:0.00} s");
        var sizes = d.PointsPerBudget.Select(x => x.Points).ToList();
        c.WriteLine($"Points per budget: {sizes.Count} budget groups (tolerance {request.BudgetToleranceDex} dex) of {sizes.Min()} to {sizes.Max()} points (--json lists them)");
        foreach (var w in d.Warnings) c.WriteLine("warning: " + w);
    }

    private static string Status(FitStatus s) => s switch
    {
        FitStatus.Converged => "converged",
        FitStatus.OnGridEdge => "converged on the edge of the start grid",
        FitStatus.MaxIterations => "NOT converged (iterations used up)",
        FitStatus.LineSearchFailed => "NOT converged (line search failed)",
        _ => "NOT converged (objective not finite)",
    };

    // Without a bootstrap the interval column is left out altogether.
    private static Spectre.Console.Table ConstantsTable(ParametricFitResult f, BootstrapResult? b, Flops at)
    {
        var t = b is null ? Tables.New("", "Fit") : Tables.New("", "Fit", $"{b.Confidence:0%} interval ({b.Resamples} resamples)");
        var iv = b?.Intervals;
        void Row(string what, string value, Func<BootstrapIntervals, string> interval)
        {
            if (iv is null) t.Row(what, value); else t.Row(what, value, interval(iv));
        }
        Row("E", F(f.E), i => I(i.E));
        Row("A", F(f.A), i => I(i.A));
        Row("B", F(f.B), i => I(i.B));
        Row("alpha", F(f.Alpha), i => I(i.Alpha));
        Row("beta", F(f.Beta), i => I(i.Beta));
        Row("a = beta/(alpha+beta)", F(f.ParameterExponent), i => I(i.ParameterExponent));
        var opt = ClosedForm.ComputeOptimal(f.ToLaw("fit", new Source("fit", "", 0)), at);
        Row($"N_opt at {at}", opt.Parameters.ToString(), i => $"[{new Parameters(i.NOpt.Low)}, {new Parameters(i.NOpt.High)}]");
        Row($"D_opt at {at}", opt.Tokens.ToString(), i => $"[{new Tokens(i.DOpt.Low)}, {new Tokens(i.DOpt.High)}]");
        Row("Tokens per parameter", F(opt.TokensPerParameter, 3), i => I(i.TokensPerParameter, 3));
        Row($"Loss at {at}", opt.Loss.ToString(), i => I(i.Loss));
        Row("Objective", f.Objective.ToString("0.##########e+0", CultureInfo.InvariantCulture), _ => "");
        return t;
    }

    private static void Approach2(IAnsiConsole c, IsoFlopResult iso)
    {
        var used = iso.Profiles.Count(p => p.Used);
        c.WriteLine($"Approach 2: {used} of {iso.Profiles.Count} budget groups (tolerance {iso.ToleranceDex} dex) give a bracketed minimum: "
            + $"N* = {F(iso.Parameters.Coefficient, 3)} C^{F(iso.Parameters.Exponent)} (a in {I(iso.Parameters.ExponentInterval)}), "
            + $"D* = {F(iso.Tokens.Coefficient, 3)} C^{F(iso.Tokens.Exponent)} (b in {I(iso.Tokens.ExponentInterval)})");
    }

    private static void Approach1(IAnsiConsole c, EnvelopeResult env) =>
        c.WriteLine($"Approach 1: envelope of {env.Runs} training curves, {env.RunsOnEnvelope.Count} runs on it: "
            + $"N* ∝ C^{F(env.Parameters.Exponent)} (a in {I(env.Parameters.ExponentInterval)}), D* ∝ C^{F(env.Tokens.Exponent)}");

    private static void Backtest(IAnsiConsole c, BacktestResult bt)
    {
        if (bt.Loo is { } loo)
        {
            c.WriteLine($"Backtest, leave one budget out: each of {loo.Count} budgets predicted by every method fitted on the others");
            c.Write(BudgetTable(loo, chosenOnly: true, bt.Confidence));
            c.Write(SummaryTable(bt));
        }
        else if (bt.Budgets is { } held)
        {
            c.WriteLine($"Backtest: every method fitted on {bt.TrainingPoints} points below {bt.Threshold} FLOPs, predicting the {held.Count} largest budget(s) ({bt.HeldOutPoints} runs)"
                + (bt.MeanAbsRelativeLossError is { } e ? $"; approach 3's mean |loss error| on those runs {e:0.00%}" : ""));
            c.Write(BudgetTable(held, chosenOnly: false, bt.Confidence));
        }
        c.WriteLine($"Default prediction (*): {Name(bt.ChosenMethod)}, chosen by {bt.ChoiceReason}");
        if (bt.Resamples > 0)
            c.WriteLine($"Intervals: {bt.Resamples} resamples of whole training budgets; the default's pools every method's (model-choice spread); inside = the observed vertex, with its own error, lies in the interval");
        foreach (var w in bt.Warnings) c.WriteLine("warning: " + w);
    }

    private static string Name(BacktestMethod m) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(m.ToString());
    private static string Pct(double? v) => v is { } x
        ? Math.Round(x, 3) == 0 ? "0.0%" : x.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture)
        : "-";
    private static string In(bool? v) => v switch { true => "yes", false => "NO", _ => "-" };

    private static Spectre.Console.Table BudgetTable(IReadOnlyList<HeldOutBudget> budgets, bool chosenOnly, double confidence)
    {
        var t = Tables.New("Budget", "Method", $"N* [{confidence:0%}]", "N* seen", "Error", $"Loss [{confidence:0%}]", "Seen", "Error", "Inside");
        foreach (var b in budgets)
        {
            var rows = chosenOnly ? b.Methods.Where(m => m.Name == b.Method).ToList() : b.Methods;
            foreach (var m in rows)
            {
                var chosen = m.Name == b.Method;
                var nIv = chosen ? b.OptimalParametersInterval : m.OptimalParametersInterval;
                var lIv = chosen ? b.OptimalLossInterval : m.OptimalLossInterval;
                t.Row(new Flops(b.Flops).ToString(), Name(m.Name) + (chosen && !chosenOnly ? "*" : ""),
                    m.PredictedOptimalParameters + (nIv is { } ni ? $" [{new Parameters(ni.Low)}, {new Parameters(ni.High)}]" : ""),
                    b.ObservedOptimalParameters?.ToString() ?? "not bracketed",
                    Pct(m.ParametersError),
                    m.PredictedOptimalLoss + (lIv is { } li ? $" [{F(li.Low)}, {F(li.High)}]" : ""),
                    b.ObservedMinimumLoss?.ToString() ?? "-",
                    Pct(m.LossError),
                    chosen ? $"{In(b.InsideParametersInterval)}, {In(b.InsideLossInterval)}" : $"{In(m.InsideParametersInterval)}, {In(m.InsideLossInterval)}");
            }
        }
        return t;
    }

    private static Spectre.Console.Table SummaryTable(BacktestResult bt)
    {
        var t = Tables.New("Method", "Budgets", "Mean |N* error|", "Mean |loss error|", "N* inside", "Loss inside");
        foreach (var m in bt.Methods)
            t.Row(Name(m.Name) + (m.Name == bt.ChosenMethod ? " (default)" : ""), m.Budgets.ToString(CultureInfo.InvariantCulture),
                m.MeanAbsParametersError is { } n ? n.ToString("0.0%", CultureInfo.InvariantCulture) : "-",
                m.MeanAbsLossError is { } l ? l.ToString("0.00%", CultureInfo.InvariantCulture) : "-",
                m.InsideParametersInterval?.ToString(CultureInfo.InvariantCulture) ?? "-", m.InsideLossInterval?.ToString(CultureInfo.InvariantCulture) ?? "-");
        return t;
    }
}
