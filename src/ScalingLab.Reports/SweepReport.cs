using ScalingLab.Allocation;
using ScalingLab.Fitting;
using ScalingLab.Reports.Figures;
using ScalingLab.Reports.Html;
using ScalingLab.Reports.Tables;
using ScalingLab.Sweeps;
using ScalingLab.Units;

namespace ScalingLab.Reports;

/// <summary>
/// The report of a sweep as one HTML page: the answer at the target budget first (with the
/// verification when `sweep verify` has run), then the design on the (N, D) plane, every run's
/// training curve and state, the Approach-3 fit with its diagnostics and backtest, the three
/// approaches' predictions carried from the sweep's budgets to the target, and the verification
/// runs against the prediction. Built from the sweep as it stands (<see cref="SweepSnapshot"/>), so
/// it says what `sweep status` and `sweep analyze` say.
/// </summary>
public static class SweepReport
{
    public static string Build(SweepSnapshot s, ReportOrigin origin)
    {
        var a = s.Analysis;
        var spec = s.Spec;
        var fit = a.Parametric;
        var law = fit.Parametric!.ToLaw(spec.Name, new Laws.Source("sweep analyze", "Approach 3", 0));
        var finals = fit.Table.Points;
        var budgets = spec.Runs.Select(r => r.Budget).Distinct().Order().ToList();
        var largest = budgets.Max();
        var iso = SweepAnalysis.IsoFlopFrontier(finals);
        var env = s.Curves is { } c ? SweepAnalysis.EnvelopeFrontier(c.Points) : null;
        var p = a.Prediction;
        var isLaw = FitTables.IsLaw(fit.Parametric) && p.Parameters is { } n0 && double.IsFinite(n0) && n0 > 0;
        var frontiers = new SweepFrontiers(isLaw ? law : null, fit.Bootstrap?.Samples, iso, env);
        var completed = s.Runs.Count(r => r.State == SweepRunState.Completed);

        var page = origin.Stamp(new HtmlDocument("ScalingLab · sweep report", $"Sweep {spec.Name}: the compute-optimal model at {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs"));

        page.Section("answer", "The answer");
        var facts = isLaw
            ? new List<Fact>
            {
                new("Optimal model size", QuantityFormat.Count(p.Parameters!.Value), $"parameters; 95% interval {Iv(p.ParametersInterval, v => QuantityFormat.Count(v))}"),
                new("Training tokens", QuantityFormat.Count(p.Tokens!.Value), $"{FitTables.Number(p.Tokens.Value / p.Parameters.Value, 3)} per parameter; {Iv(p.TokensInterval, v => QuantityFormat.Count(v))}"),
                new("Predicted loss", p.Loss!.Value.ToString("0.000", Inv), $"nats/token; {Iv(p.LossInterval, v => v.ToString("0.000", Inv))}"),
            }
            : [new("Optimal model size", "none", "Approach 3's fit is no scaling law (see the warnings)"),
                .. a.Approaches.Where(x => x != p && x.Skipped is null && x.Parameters is { } pn && double.IsFinite(pn))
                    .Select(x => new Fact($"{SweepTables.Name(x)} says", QuantityFormat.Count(x.Parameters!.Value), $"parameters, {QuantityFormat.Count(x.Tokens!.Value)} tokens, loss {x.Loss:0.000}"))];
        facts.Add(new("Runs", $"{completed} of {spec.Runs.Count}", $"completed, at {budgets.Count} budgets up to {QuantityFormat.Scientific(largest, 3)} FLOPs"));
        facts.Add(new("Extrapolation", $"{a.Target.Value / largest:0.#}x", "the target over the sweep's largest budget"));
        foreach (var v in s.Verifications)
            facts.Add(new("Verification", $"{v.MeasuredLoss:0.000} measured", $"predicted {v.PredictedLoss:0.000} {Iv(v.LossInterval, x => x.ToString("0.000", Inv))} at {QuantityFormat.Scientific(v.Flops, 3)} FLOPs: {(double.IsFinite(v.LossInterval.Low) ? v.Inside ? "inside" : "OUTSIDE" : "no interval")}"));
        page.Facts(facts);
        page.Paragraph(Summary(s, largest, isLaw));
        var warnings = a.Warnings.ToList();
        if (!isLaw)
            warnings.Insert(0, $"Approach 3's fit is no scaling law, so it predicts no optimum at the target ({FitTables.NotALaw(fit.Parametric)}). "
                + "The runs do not trace the trade-off between size and tokens that the law needs (look at the training curves and the IsoFLOP profiles below); the other approaches' answers stand on their own");
        if (completed < spec.Runs.Count)
            warnings.Insert(0, $"{spec.Runs.Count - completed} of {spec.Runs.Count} runs have not completed ({string.Join(", ", s.Runs.Where(r => r.State != SweepRunState.Completed).GroupBy(r => r.State).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))}); the fit uses the {completed} that have");
        page.Callout(warnings.Count == 1 ? "Read this before using the numbers" : $"Read these {warnings.Count} warnings before using the numbers", warnings, warning: true);

        page.Section("design", "The design");
        page.Paragraph($"{spec.Runs.Count} runs at {budgets.Count} IsoFLOP budgets, {QuantityFormat.Scientific(spec.Runs.Sum(r => r.Flops), 3)} FLOPs in all, "
            + $"centred on the prior law {spec.Law}; every run trains a real shape (context {spec.Context}, vocabulary {spec.Vocab}) on {spec.Data}, FLOPs counted as {spec.FlopConvention}.");
        var verified = s.Verifications.Select(v => new DesignPoint(v.Flops, v.Parameters, v.Tokens)).ToList();
        page.Figure(SweepDesignFigure.Build($"Sweep design: {spec.Runs.Count} runs at {budgets.Count} IsoFLOP budgets",
            spec.Runs.Select(r => new DesignPoint(r.Budget, r.Parameters, r.Tokens, State(s, r.Id) == SweepRunState.Completed)).ToList(),
            outlook: isLaw ? new DesignOutlook(a.Target.Value, law, p.ParametersInterval, verified) : null));
        page.Table(SweepTables.Budgets(s));
        if (spec.Simulation is { } sim && sim.ParametersInterval.Length == 2 && sim.LossInterval.Length == 2)
            page.Paragraph($"Expected precision, simulated before any run ({sim.Replicates} sweeps under the prior with {sim.NoiseModel}): the optimal N at the target within "
                + $"[{QuantityFormat.Count(sim.ParametersInterval[0])}, {QuantityFormat.Count(sim.ParametersInterval[1])}] (x/÷{1 + sim.ParametersSpread:0.00}), the loss within ±{sim.LossSpread:0.0%}.");
        if (spec.Calibration is { } cal)
            page.Paragraph($"Wall time was estimated from a calibration on {cal.Host} ({cal.Cores} cores, {cal.StartupSeconds:0.#} s start-up per run): {cal.Reason}.");

        page.Section("runs", "The runs");
        if (s.Curves is { } curves)
            page.Figure(TrainingCurvesFigure.Build(curves.Points, finals, env?.Fit));
        else page.Paragraph("No run has logged a training step yet.");
        page.Table(SweepTables.Runs(s));

        page.Section("fit", "The fit");
        page.Formula($"L(N, D) = {FitTables.Number(law.E)} + {FitTables.Number(law.A)} / N^{FitTables.Number(law.Alpha)} + {FitTables.Number(law.B)} / D^{FitTables.Number(law.Beta)}");
        page.Paragraph($"Approach 3 (Hoffmann et al. 2022): the law L = E + A/N^α + B/D^β fitted to the final validation loss of the {finals.Count} completed runs (Huber loss on log-loss, L-BFGS from a grid of starts), with {fit.Bootstrap?.Resamples ?? 0} bootstrap refits of resampled runs behind the intervals.");
        page.Table(FitTables.Law(fit));
        page.Figure(FitPlot.Figure(iso is { } i ? fit with { IsoFlop = i.Fit } : fit) with { Id = "fit" });
        page.Subheading("Diagnostics");
        page.Table(FitTables.Diagnostics(fit));
        page.Subheading("Backtest");
        if (a.Backtest is { } bt)
        {
            page.Paragraph(FitTables.BacktestSummary(bt));
            foreach (var t in FitTables.Backtest(bt)) page.Table(t);
            if (bt.Warnings.Count > 0) page.Callout("What the backtest warns about", bt.Warnings, warning: true);
        }
        else page.Paragraph("Skipped: the backtest holds out the largest budget and fits the rest, so it needs 4 budgets with 4 or more completed runs each.");

        page.Section("prediction", "The prediction");
        page.Paragraph($"Each approach carries the sweep to {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs with its own 95% bootstrap interval; Approach 3 is the headline. "
            + "Where two approaches' intervals do not overlap, a warning above says so.");
        page.Table(SweepTables.Approaches(a));
        page.Figure(ForecastFigures.OptimalSize(a, frontiers, budgets, s.Verifications));
        page.Figure(ForecastFigures.Loss(a, frontiers, finals, budgets, s.Verifications));

        page.Section("verification", "Verification");
        if (s.Verifications.Count > 0)
        {
            page.Paragraph("Each run below was trained beyond the sweep by `sweep verify` at the size the law predicts to be optimal; its final validation loss is set against the loss the law predicts for that size and those tokens, with the interval over the bootstrap's laws.");
            page.Table(SweepTables.Verification(s.Verifications, largest));
        }
        else
        {
            page.Paragraph("No verification run yet. Train the predicted optimum at a budget at least 3x the sweep's largest, and this section compares its loss with the prediction:");
            page.Formula($"scalinglab sweep verify {s.Folder} --budget {QuantityFormat.Scientific(3 * largest, 2)}");
        }

        page.Section("source", "How this was made");
        page.Pairs(null, [
            ("Sweep folder", s.Folder),
            ("Spec", Path.Combine(s.Folder, SweepSpec.FileName) + $" (sweep id {spec.Id})"),
            ("Runs read from", fit.Table.Source),
            ("Data", spec.Data),
            ("Prior law", spec.Law),
            ("Analysis", $"{fit.Bootstrap?.Resamples ?? 0} bootstrap resamples, seed {fit.Bootstrap?.Seed ?? 0}, 95% intervals; Approach 1 on {SweepAnalysis.EnvelopeFlopValues} FLOP values"),
        ]);
        page.Callout("Notes on the data", fit.Table.Notes.Concat(s.Curves?.Notes ?? []).Distinct(), warning: false);
        return page.Render();
    }

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static SweepRunState? State(SweepSnapshot s, string id) => s.Runs.FirstOrDefault(r => r.Id == id)?.State;

    private static string Iv(Interval? iv, Func<double, string> format) =>
        iv is { } i && double.IsFinite(i.Low) && double.IsFinite(i.High) ? $"[{format(i.Low)}, {format(i.High)}]" : "no interval";

    private static string Summary(SweepSnapshot s, double largest, bool isLaw)
    {
        var a = s.Analysis;
        var p = a.Prediction;
        var text = isLaw
            ? $"From {a.Runs} completed runs at budgets up to {QuantityFormat.Scientific(largest, 3)} FLOPs, the fitted law puts the compute-optimal model at "
                + $"{QuantityFormat.Count(p.Parameters!.Value)} parameters trained on {QuantityFormat.Count(p.Tokens!.Value)} tokens for {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs, "
                + $"reaching a loss of {p.Loss!.Value:0.000} nats per token."
            : $"From {a.Runs} completed runs at budgets up to {QuantityFormat.Scientific(largest, 3)} FLOPs, Approach 3 found no scaling law, so the sweep gives no headline answer at {QuantityFormat.Scientific(a.Target.Value, 3)} FLOPs.";
        var others = a.Approaches.Where(x => x != p && x.Skipped is null && x.Parameters is { } n && double.IsFinite(n)).ToList();
        if (others.Count > 0)
            text += " " + string.Join("; ", others.Select(x => $"{SweepTables.Name(x)} says {QuantityFormat.Count(x.Parameters!.Value)}")) + ".";
        if (s.Verifications.LastOrDefault() is { } v)
            text += $" A verification run at {QuantityFormat.Scientific(v.Flops, 3)} FLOPs measured {v.MeasuredLoss:0.000} against {v.PredictedLoss:0.000} predicted ({v.RelativeError:+0.0%;-0.0%})"
                + (double.IsFinite(v.LossInterval.Low) ? v.Inside ? ", inside the interval." : ", outside the interval." : ".");
        return text;
    }
}
