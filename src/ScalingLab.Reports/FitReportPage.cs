using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Reports.Figures;
using ScalingLab.Reports.Html;
using ScalingLab.Reports.Tables;
using ScalingLab.Units;

namespace ScalingLab.Reports;

/// <summary>
/// The report of a fit (`fit ... --report fit.html`) as one HTML page: the answer at the report's
/// budget from every approach that ran, with the warnings first; the data per budget; the fitted
/// laws side by side; the IsoFLOP parabolas with the law along the same budgets; the compute-optimal
/// frontier with its bootstrap band; Approach 3's residuals; the backtest as `fit --backtest`
/// records it; the search's diagnostics; and how the page was made. Built only from the
/// <see cref="FitReport"/>, so it says what `fit` and `fit --json` say.
/// </summary>
public static class FitReportPage
{
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    public static string Build(FitReport r, ReportOrigin origin)
    {
        var x = origin.Expand;
        var pts = r.Table.Points;
        var file = Path.GetFileName(r.Table.Source.TrimEnd('/', Path.DirectorySeparatorChar));
        var target = r.Request.Budget ?? BootstrapOptions.DefaultBudget;
        var f = r.Parametric;
        var law = f is not null && FitTables.IsLaw(f) ? f.ToLaw("fit", new Laws.Source("fit", "", 0)) : null;
        var groups = BudgetGroups.Of(pts, r.Request.BudgetToleranceDex);
        var page = origin.Stamp(new HtmlDocument("ScalingLab · scaling-law fit", $"Scaling-law fit of {file}: {pts.Count} runs at {groups.Count} budgets"));

        page.Section("answer", "The answer");
        page.Facts(Facts(r, law, target));
        page.Paragraph(Summary(r, law, target, groups.Count));
        var warnings = (f?.Diagnostics.Warnings ?? []).Concat(r.Backtest?.Warnings ?? [])
            .Concat(r.Skipped.Select(s => $"{Name(s.Key)} was skipped: {s.Value}")).Select(x).ToList();
        if (law is not null && target.Value > 100 * pts.Max(p => p.Flops.Value))
            warnings.Add($"{QuantityFormat.Scientific(target.Value, 3)} FLOPs is {target.Value / pts.Max(p => p.Flops.Value):0}x the largest fitted budget: the answer there is an extrapolation of more than two decades");
        page.Callout(warnings.Count == 1 ? "Read this before using the numbers" : $"Read these {warnings.Count} warnings before using the numbers", warnings, warning: true);

        page.Section("data", "The data");
        page.Paragraph($"{pts.Count} runs read from {r.Table.Source}: model sizes {QuantityFormat.Count(pts.Min(p => p.Parameters.Value))} to {QuantityFormat.Count(pts.Max(p => p.Parameters.Value))} parameters, "
            + $"{QuantityFormat.Count(pts.Min(p => p.Tokens.Value))} to {QuantityFormat.Count(pts.Max(p => p.Tokens.Value))} tokens, losses {pts.Min(p => p.Loss.Value):0.000} to {pts.Max(p => p.Loss.Value):0.000}, "
            + $"grouped into {groups.Count} compute budgets (runs within {r.Request.BudgetToleranceDex} decades of each other share one).");
        page.Table(Budgets(r, groups));

        page.Section("laws", "The fitted laws");
        if (f is not null)
        {
            page.Formula($"L(N, D) = {FitTables.Number(f.E)} + {FitTables.Number(f.A)} / N^{FitTables.Number(f.Alpha)} + {FitTables.Number(f.B)} / D^{FitTables.Number(f.Beta)}");
            page.Paragraph($"Approach 3 (Hoffmann et al. 2022): L = E + A/N^α + B/D^β fitted to all {f.Points} runs by a Huber loss (δ = {f.HuberDelta:g3}) on log-loss residuals, "
                + (f.Method == ParametricMethod.VariableProjection ? $"by variable projection over {f.Starts:N0} (α, β) cells, the best polished on all five constants" : $"by L-BFGS from {f.Starts:N0} grid starts")
                + (r.Bootstrap is { } b ? $"; intervals from {b.Resamples} bootstrap refits of resampled runs (seed {b.Seed})." : "; no bootstrap was asked for, so no intervals (add --bootstrap 200)."));
            page.Table(FitTables.Law(r));
        }
        page.Table(Approaches(r, law, target));
        page.Paragraph("Approach 2 fits a parabola of loss in ln N at each budget and a power law N* = k C^a through the parabolas' minima; Approach 1 takes the lowest loss reached at each FLOP value over the training curves. "
            + "The exponent a says how fast the optimal model grows with compute (Hoffmann et al. found about 0.5 for all three); its interval is the power law's 95% confidence interval or, for Approach 3, the bootstrap's.");

        page.Section("isoflop", "IsoFLOP parabolas");
        page.Paragraph("At a fixed budget, a model too small is undertrained in capacity and one too large sees too few tokens: the loss against ln N is a valley, and its floor is the compute-optimal size at that budget. "
            + "The law's own IsoFLOP curves (solid) should follow the parabolas (dashed) and the runs.");
        page.Figure(FitPlot.Figure(r));

        page.Section("frontier", "The compute-optimal frontier");
        page.Figure(FitFigures.Frontier(r, target));

        if (f is not null)
        {
            page.Section("residuals", "Residuals");
            page.Figure(FitFigures.Residuals(r));
            page.Table(Worst(r));
        }

        page.Section("backtest", "Backtest");
        if (r.Backtest is { } bt)
        {
            page.Paragraph(FitTables.BacktestSummary(bt));
            foreach (var t in FitTables.Backtest(bt)) page.Table(t);
        }
        else
        {
            page.Paragraph("No backtest was asked for. A backtest fits every method on the smaller budgets and predicts the largest ones it held out, so it says how far each method's extrapolation can be trusted on this data:");
            page.Formula($"scalinglab fit {r.Table.Source} --backtest 2 --bootstrap 200 --report {file}-backtest.html");
        }

        page.Section("diagnostics", "Diagnostics");
        if (f is not null) page.Table(FitTables.Diagnostics(r));
        if (r.IsoFlop is { } iso)
            page.Paragraph($"Approach 2 used {iso.Profiles.Count(p => p.Used)} of {iso.Profiles.Count} budgets; the others have too few runs or no minimum inside their range of sizes (the data table says which and why). "
                + $"Its power law explains R² = {iso.Parameters.RSquared:0.000} of the variance of ln N* over ln C.");
        if (r.Envelope is { } env)
            page.Paragraph($"Approach 1 read {env.Runs} training curves; {env.RunsOnEnvelope.Count} of them reach the lowest loss at some FLOP value; R² = {env.Parameters.RSquared:0.000}.");

        page.Section("source", "How this was made");
        page.Pairs(null, [
            ("Runs read from", r.Table.Source),
            ("Approaches", string.Join(", ", new[] { ("Approach 3", f is not null), ("Approach 2", r.IsoFlop is not null), ("Approach 1", r.Envelope is not null) }.Where(a => a.Item2).Select(a => a.Item1))),
            ("Approach 3 search", f is null ? "not run" : $"{(f.Method == ParametricMethod.VariableProjection ? "variable projection" : "L-BFGS over the start grid")}, Huber δ {f.HuberDelta:g3}, {f.Seconds:0.00} s"),
            ("Bootstrap", r.Bootstrap is { } bs ? $"{bs.Resamples} resamples, seed {bs.Seed}, {bs.Confidence:0%} intervals, {bs.Seconds:0.00} s" : "none"),
            ("Budget of the answer", $"{QuantityFormat.Scientific(target.Value, 3)} FLOPs" + (r.Request.Budget is null ? " (Chinchilla's, the default; --budget sets it)" : "")),
            ("Budget grouping", $"runs within {r.Request.BudgetToleranceDex} decades share a budget"),
            ("FLOPs", "C = 6ND unless the data gave its own compute column"),
        ]);
        page.Callout("Notes on the data", r.Table.Notes.Select(x), warning: false);
        return page.Render();
    }

    private static List<Fact> Facts(FitReport r, Laws.ChinchillaLaw? law, Flops target)
    {
        var at = QuantityFormat.Scientific(target.Value, 3);
        var facts = new List<Fact>();
        var iv = r.Bootstrap?.Intervals;
        if (law is not null)
        {
            var opt = ClosedForm.ComputeOptimal(law, target);
            facts.Add(new($"Optimal model size at {at} FLOPs", QuantityFormat.Count(opt.Parameters.Value),
                iv is null ? "parameters (Approach 3)" : $"parameters; 95% interval {Range(iv.NOpt, Count)}"));
            facts.Add(new("Training tokens", QuantityFormat.Count(opt.Tokens.Value),
                $"{FitTables.Number(opt.TokensPerParameter, 3)} per parameter" + (iv is null ? "" : $"; {Range(iv.DOpt, Count)}")));
            facts.Add(new("Predicted loss", opt.Loss.Value.ToString("0.000", Inv), "nats/token" + (iv is null ? "" : $"; {Range(iv.Loss, v => v.ToString("0.000", Inv))}")));
        }
        else if (r.Parametric is { } f)
            facts.Add(new("Approach 3", "no law", FitTables.NotALaw(f)));
        if (r.Parametric is { } p)
            facts.Add(new("Size exponent", FitTables.Number(p.ParameterExponent, 3), "a in N* ∝ C^a, Approach 3" + (iv is null ? "" : $"; {Range(iv.ParameterExponent, v => FitTables.Number(v, 3))}")));
        if (r.IsoFlop is { } iso)
            facts.Add(new("Approach 2 says", QuantityFormat.Count(iso.Parameters.At(target.Value)), $"parameters at {at} FLOPs; a = {FitTables.Number(iso.ParameterExponent, 3)} {Range(iso.Parameters.ExponentInterval, v => FitTables.Number(v, 3))}"));
        if (r.Envelope is { } env)
            facts.Add(new("Approach 1 says", QuantityFormat.Count(env.Parameters.At(target.Value)), $"parameters at {at} FLOPs; a = {FitTables.Number(env.ParameterExponent, 3)}"));
        if (r.Backtest is { } bt)
        {
            var m = bt.Methods.FirstOrDefault(s => s.Name == bt.ChosenMethod);
            facts.Add(new("Backtest", m?.MeanAbsParametersError is { } e ? $"{e:0%}" : "—",
                $"mean |N* error| of {FitTables.MethodName(bt.ChosenMethod)} on held-out budgets" + (m?.MeanAbsLossError is { } le ? $"; loss {le:0.0%}" : "")));
        }
        return facts;
    }

    private static string Summary(FitReport r, Laws.ChinchillaLaw? law, Flops target, int budgets)
    {
        var at = QuantityFormat.Scientific(target.Value, 3);
        var text = $"{r.Table.Points.Count} runs at {budgets} compute budgets up to {QuantityFormat.Scientific(r.Table.Points.Max(p => p.Flops.Value), 3)} FLOPs. ";
        if (law is not null)
        {
            var opt = ClosedForm.ComputeOptimal(law, target);
            text += $"The fitted law L = E + A/N^α + B/D^β makes a {QuantityFormat.Count(opt.Parameters.Value)}-parameter model trained on {QuantityFormat.Count(opt.Tokens.Value)} tokens "
                + $"({FitTables.Number(opt.TokensPerParameter, 3)} per parameter) compute-optimal at {at} FLOPs, reaching {opt.Loss.Value:0.000} nats/token.";
        }
        else if (r.Parametric is { } f) text += $"Approach 3 found no scaling law ({FitTables.NotALaw(f)}).";
        var others = new List<string>();
        if (r.IsoFlop is { } iso) others.Add($"Approach 2 says {QuantityFormat.Count(iso.Parameters.At(target.Value))}");
        if (r.Envelope is { } env) others.Add($"Approach 1 says {QuantityFormat.Count(env.Parameters.At(target.Value))}");
        if (others.Count > 0) text += " " + string.Join("; ", others) + ".";
        if (law is not null) text += " Save the law with --out law.json and plan with it: scalinglab plan --law law.json --budget " + at + ".";
        return text;
    }

    // One row per budget group: its runs, their spread, the lowest loss, and what Approach 2 made of it.
    private static TextTable Budgets(FitReport r, IReadOnlyList<BudgetGroup> groups)
    {
        var t = new TextTable("Budget (FLOPs)", "Runs", "Model sizes", "Tokens", "Lowest loss", "IsoFLOP minimum (Approach 2)") { Caption = "The runs by compute budget" };
        var profiles = r.IsoFlop?.Profiles ?? [];
        foreach (var g in groups)
        {
            var p = profiles.FirstOrDefault(q => Math.Abs(Math.Log10(q.Flops / g.Flops)) <= r.Request.BudgetToleranceDex);
            var iso = p is null ? "—"
                : p.Used && p.OptimalParameters is { } n ? $"{QuantityFormat.Count(n.Value)} at {p.MinimumLoss!.Value.Value:0.000}"
                : "not used: " + p.Skipped;
            t.Row(QuantityFormat.Scientific(g.Flops, 3), g.Points.Count.ToString(Inv),
                Spread(g.Points.Select(q => q.Parameters.Value)), Spread(g.Points.Select(q => q.Tokens.Value)),
                g.Points.Min(q => q.Loss.Value).ToString("0.000", Inv), iso);
        }
        return t;
    }

    // Each approach's exponents and its answer at the budget, side by side.
    private static TextTable Approaches(FitReport r, Laws.ChinchillaLaw? law, Flops target)
    {
        var at = QuantityFormat.Scientific(target.Value, 3);
        var t = new TextTable("Approach", "a (N* ∝ C^a)", "b (D* ∝ C^b)", $"N* at {at}", $"D* at {at}", $"Loss at {at}") { Caption = "Every approach's frontier and its answer" };
        if (r.Parametric is { } f)
        {
            var iv = r.Bootstrap?.Intervals;
            var opt = law is null ? null : ClosedForm.ComputeOptimal(law, target);
            t.Row("Approach 3: parametric law", Exponent(f.ParameterExponent, iv?.ParameterExponent), Exponent(f.TokenExponent, iv?.TokenExponent),
                opt is null ? "none (no law)" : QuantityFormat.Count(opt.Parameters.Value) + (iv is null ? "" : " " + Range(iv.NOpt, Count)),
                opt is null ? "—" : QuantityFormat.Count(opt.Tokens.Value) + (iv is null ? "" : " " + Range(iv.DOpt, Count)),
                opt is null ? "—" : opt.Loss.Value.ToString("0.000", Inv) + (iv is null ? "" : " " + Range(iv.Loss, v => v.ToString("0.000", Inv))));
        }
        if (r.IsoFlop is { } iso)
        {
            var used = iso.Profiles.Where(p => p.Used && p.MinimumLoss is not null).ToList();
            var loss = used.Count >= 2 ? PowerLaw.Fit(used.Select(p => p.Flops).ToList(), used.Select(p => p.MinimumLoss!.Value.Value).ToList(), r.Request.Confidence) : null;
            t.Row("Approach 2: IsoFLOP parabolas", Exponent(iso.ParameterExponent, iso.Parameters.ExponentInterval), Exponent(iso.TokenExponent, iso.Tokens.ExponentInterval),
                QuantityFormat.Count(iso.Parameters.At(target.Value)), QuantityFormat.Count(iso.Tokens.At(target.Value)),
                loss is null ? "—" : loss.At(target.Value).ToString("0.000", Inv) + " (power law of the minima, no floor)");
        }
        if (r.Envelope is { } env)
            t.Row("Approach 1: envelope of curves", Exponent(env.ParameterExponent, env.Parameters.ExponentInterval), Exponent(env.TokenExponent, env.Tokens.ExponentInterval),
                QuantityFormat.Count(env.Parameters.At(target.Value)), QuantityFormat.Count(env.Tokens.At(target.Value)), "—");
        return t;
    }

    // The runs the law fits worst, so a reader can look them up in the data.
    private static TextTable Worst(FitReport r)
    {
        var t = new TextTable("Line", "Model size", "Tokens", "Budget (FLOPs)", "Observed loss", "Fitted loss", "Residual")
        { Caption = "The five runs the law fits worst (line numbers in the data file; --drop-top K leaves out the K highest losses)" };
        foreach (var x in Residual.Of(r).OrderByDescending(x => Math.Abs(x.Percent)).Take(5))
            t.Row(x.Point.Line > 0 ? x.Point.Line.ToString(Inv) : x.Point.RunId ?? "—", QuantityFormat.Count(x.Point.Parameters.Value), QuantityFormat.Count(x.Point.Tokens.Value),
                QuantityFormat.Scientific(x.Point.Flops.Value, 3), x.Point.Loss.Value.ToString("0.0000", Inv), x.Fitted.ToString("0.0000", Inv), x.Percent.ToString("+0.00;-0.00", Inv) + "%");
        return t;
    }

    private static string Count(double v) => QuantityFormat.Count(v);

    private static string Name(string key) => key switch
    {
        "approach1" => "Approach 1",
        "approach2" => "Approach 2",
        "approach3" => "Approach 3",
        _ => key,
    };

    private static string Spread(IEnumerable<double> values)
    {
        var v = values.ToList();
        var (lo, hi) = (v.Min(), v.Max());
        return lo == hi ? QuantityFormat.Count(lo) : $"{QuantityFormat.Count(lo)} – {QuantityFormat.Count(hi)}";
    }

    private static string Exponent(double value, Interval? iv) =>
        FitTables.Number(value, 3) + (iv is { } i ? " " + Range(i, v => FitTables.Number(v, 3)) : "");

    private static string Range(Interval i, Func<double, string> format) =>
        double.IsFinite(i.Low) && double.IsFinite(i.High) ? $"[{format(i.Low)}, {format(i.High)}]" : "(no interval)";
}
