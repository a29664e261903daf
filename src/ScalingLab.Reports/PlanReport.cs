using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Reports.Figures;
using ScalingLab.Reports.Html;
using ScalingLab.Reports.Tables;
using ScalingLab.Units;
using ScalingLab.Vision;

namespace ScalingLab.Reports;

/// <summary>
/// The report of a plan as one HTML page, for a lead to read, print or attach to a proposal: the
/// question and the answer, the warnings first, the law and its source, the IsoFLOP curves with the
/// plan's point and Kaplan's, the hardware with time, cost and energy and their sensitivity to MFU,
/// the layout and its memory, the schedule, and every assumption. Built only from the plan record,
/// so it says what `plan` and `plan --json` say.
/// </summary>
public static class PlanReport
{
    public static string Build(PlanResult result, ReportOrigin origin) => result switch
    {
        Plan plan => Language(plan, origin),
        VisionPlan vision => Vision(vision, origin),
        _ => throw new ArgumentException($"no report for a {result.GetType().Name}", nameof(result)),
    };

    private static string Language(Plan plan, ReportOrigin origin)
    {
        var x = origin.Expand;
        var page = origin.Stamp(new HtmlDocument("ScalingLab · training plan", Capitalised(plan.Question)));
        var a = plan.Allocation;
        var hw = plan.Hardware;

        page.Section("answer", "The answer");
        var facts = new List<Fact>
        {
            new("Model size", a.Parameters.ToString(), plan.Rule is null ? "parameters" : $"parameters ({plan.Rule.Rule.ParameterCounting.Name()})"),
            new("Training tokens", a.Tokens.ToString(), $"{QuantityFormat.Significant(a.TokensPerParameter, 3)} per parameter"),
            new("Compute", a.Flops + " FLOPs", $"{QuantityFormat.Significant(a.Flops.PetaflopDays, 3)} PF-days, {a.Convention.Name()}"),
            plan.Loss is { } loss ? new("Predicted loss", loss.ToString(), $"nats/token, {plan.Law.Name}") : new("Predicted loss", "—", "an allocation rule predicts none"),
            new("Shape", $"{plan.ModelShape.Layers} × {plan.ModelShape.DModel}", $"layers × d_model, {plan.ModelShape.Heads} heads"),
        };
        if (hw?.Run.WallClock is { } wall) facts.Add(new("Wall clock", wall.ToString(), $"{hw.Count} × {hw.Accelerator} at {hw.Mfu:0.##} MFU"));
        if (hw?.Run.Cost is { } cost) facts.Add(new("Cost", cost.ToString(), $"{QuantityFormat.Count(hw.Run.AcceleratorHours)} accelerator-hours"));
        if (hw?.Run.EnergyKwh is { } kwh) facts.Add(new("Energy", QuantityFormat.Count(kwh / 1000) + " MWh", $"board power × PUE {hw.Pue:0.##}"));
        page.Facts(facts);
        page.Paragraph(Summary(plan));
        page.Callout(plan.Warnings.Count == 1 ? "Read this before using the numbers" : $"Read these {plan.Warnings.Count} warnings before using the numbers",
            plan.Warnings.Select(w => x(w.Message)), warning: true);
        page.Table(plan.Rule is { } rule ? PlanTables.Rule(plan, rule) : PlanTables.Answer(plan), x);
        if (plan.Intervals is { } iv) page.Paragraph(PlanTables.Intervals(plan, iv));

        page.Section("law", plan.Rule is null ? "The law and its source" : "The rule and its source");
        if (plan.Rule is { } r)
        {
            page.Formula(r.Rule.Form);
            page.Pairs(null, [
                ("Rule", r.Rule.Name),
                ("Source", r.Rule.Source.ToString()),
                ("Losses from", $"{r.ReferenceLaw.Name}: {r.ReferenceLaw.Form} ({r.ReferenceLaw.Source})"),
            ]);
        }
        else
        {
            page.Formula(plan.Law.Form);
            page.Pairs(null, LawRows(plan.Law, plan.FlopConvention));
        }

        page.Section("isoflop", "IsoFLOP curves around the optimum");
        page.Figure(PlanIsoFlopFigure.Build(plan));
        if (plan.Kaplan is { } k)
            page.Paragraph($"Kaplan et al. 2020's compute-efficient frontier (Table 6) would spend the same {a.Flops} FLOPs on {k.Parameters} non-embedding parameters "
                + $"and {k.Tokens} tokens ({QuantityFormat.Significant(k.TokensPerParameter, 3)} per parameter); {plan.Law.Name} predicts {k.LossUnderLaw} there, "
                + $"{k.LossUnderLaw - a.Loss:0.0000} above this plan.");

        if (hw is not null) Hardware(page, plan, hw, x);
        if (plan.Data is { } d)
        {
            page.Section("data", "Limited unique data");
            page.Table(PlanTables.Data(d), x);
        }
        if (plan.Inference is { } inf)
        {
            page.Section("inference", "Lifetime inference");
            page.Table(PlanTables.Inference(inf), x);
        }

        page.Section("schedule", "Training schedule");
        page.Table(PlanTables.Schedule(plan.Schedule), x);
        page.Figure(LearningRateFigure.Build(plan.Schedule));

        Notes(page, plan, x);
        return page.Render();
    }

    private static void Hardware(HtmlDocument page, Plan plan, HardwareEstimate hw, Func<string, string> x)
    {
        page.Section("hardware", "Hardware, time, cost and energy");
        page.Table(HardwareTables.Plan(hw, plan.LargestFittingPlan), x);
        page.Subheading("Sensitivity to the achieved MFU");
        page.Paragraph($"The plan assumes {hw.Mfu:0.###} MFU ({hw.MfuSource}). Real runs land above or below; this is what the same FLOPs cost at other utilisations"
            + (hw.HardwareBudget is null ? "." : ", and what the same hardware and time would buy."));
        page.Table(HardwareTables.Sensitivity(hw), x);
        if (hw.Layout is not { } layout) return;

        page.Subheading("Layout and memory");
        page.Paragraph(layout.Fits
            ? $"{layout.Layout} fits: {HardwareTables.Gb(layout.Memory.Total)} of {HardwareTables.Gb(layout.DeviceMemoryBytes)} per device ({layout.Utilisation:0%}), the best of {layout.LayoutsChecked} layouts checked."
            : $"The model does not fit in any of the {layout.LayoutsChecked} layouts checked; the least memory needed is {HardwareTables.Gb(layout.Memory.Total)} per device against {HardwareTables.Gb(layout.DeviceMemoryBytes)} ({layout.Layout}).");
        var bars = new List<(string, Hardware.LayoutChoice)> { ($"this plan, {plan.Allocation.Parameters}", layout) };
        if (hw.LargestFitting is { } f) bars.Add(($"largest that fits, {f.Parameters}", f.Layout));
        page.Figure(MemoryFigure.Build(hw.Accelerator, bars));
        var m = layout.Memory;
        var t = new TextTable("Per device", "GB", "Share");
        foreach (var (part, bytes) in new[] { ("Weights (16-bit)", m.Weights), ("Gradients (16-bit)", m.Gradients), ("Optimizer states (fp32 Adam)", m.OptimizerStates), ("Activations", m.Activations), ("Total", m.Total) })
            t.Row(part, QuantityFormat.Significant(bytes / 1e9, 4), $"{bytes / m.Total:0%}");
        t.Row("Device memory", QuantityFormat.Significant(layout.DeviceMemoryBytes / 1e9, 4), $"{m.Total / layout.DeviceMemoryBytes:0%} used");
        page.Table(t, x);
    }

    private static void Notes(HtmlDocument page, PlanResult plan, Func<string, string> x)
    {
        page.Section("assumptions", "Assumptions and warnings");
        var t = new TextTable("Assumption", "Source") { RowLabels = false };
        foreach (var a in plan.Assumptions) t.Row(a.What, a.Source);
        page.Table(t, x);
        page.Callout("Warnings", plan.Warnings.Select(w => $"{x(w.Message)} ({w.Code})"), warning: true);
        if (plan.Warnings.Count == 0) page.Paragraph("No warnings: the plan stays within the law's fitted range and every search found an interior optimum.");
    }

    private static string Summary(Plan plan)
    {
        var a = plan.Allocation;
        var s = plan.ModelShape;
        var text = $"Train a {a.Parameters}-parameter model ({s.Layers} layers, d_model {s.DModel}) on {a.Tokens} tokens, "
            + $"{QuantityFormat.Significant(a.TokensPerParameter, 3)} tokens per parameter, for {a.Flops} FLOPs";
        text += plan.Loss is { } loss ? $"; {plan.Law.Name} predicts a loss of {loss} nats per token." : $"; the rule {plan.Rule!.Rule.Name} predicts no loss.";
        if (plan.Hardware is { Run.WallClock: { } wall } hw)
            text += $" On {hw.Count} × {hw.Accelerator} at {hw.Mfu:0.##} MFU that takes {wall}" + (hw.Run.Cost is { } c ? $" and costs {c}." : ".");
        return text;
    }

    private static IEnumerable<(string, string)> LawRows(IScalingLaw law, FlopConvention convention)
    {
        yield return ("Law", $"{law.Name} ({law.Family})");
        yield return ("Constants", string.Join(", ", law.Constants.Select(kv => $"{kv.Key} = {QuantityFormat.Significant(kv.Value, 5)}")));
        yield return ("Source", law.Source.ToString());
        yield return ("Parameters counted", law.ParameterCounting.Name());
        yield return ("FLOPs counted as", $"{convention.Name()}: {convention.Describe()}");
        if (law.Range is { } r)
            yield return ("Fitted on", string.Join(", ", new[]
            {
                r.MinParameters is { } n0 && r.MaxParameters is { } n1 ? $"models of {new Parameters(n0)} to {new Parameters(n1)} parameters" : null,
                r.MinFlops is { } c0 && r.MaxFlops is { } c1 ? $"budgets of {new Flops(c0)} to {new Flops(c1)} FLOPs" : r.MaxFlops is { } c2 ? $"budgets up to {new Flops(c2)} FLOPs" : null,
            }.Where(v => v is not null)));
        if (law.IrreducibleLoss > 0) yield return ("Irreducible loss", QuantityFormat.Significant(law.IrreducibleLoss, 4) + " nats/token: no model reaches below it");
    }

    private static string Vision(VisionPlan p, ReportOrigin origin)
    {
        var x = origin.Expand;
        var page = origin.Stamp(new HtmlDocument("ScalingLab · vision training plan", Capitalised(p.Question)));
        page.Section("answer", "The answer");
        var facts = new List<Fact>
        {
            new("Model", p.Shape.Name ?? $"ViT {p.Shape.Depth} x {p.Shape.Width}", $"{new Parameters(p.Shape.Parameters)} parameters at {p.Shape.Resolution}px"),
            new("Images seen", QuantityFormat.Count(p.ImagesSeen), p.Epochs is { } e ? $"{QuantityFormat.Significant(e, 3)} epochs of the dataset" : null),
            new("Compute", p.TrainingFlops + " FLOPs", $"{QuantityFormat.Scientific(p.TotalGmacs)} total GMACs"),
            new($"Predicted {p.Law.Metric}", p.Error.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), p.Law.Name),
        };
        if (p.Time is { } time) facts.Add(new("Time", time.ToString(), p.TimeBasis));
        if (p.Run?.Cost is { } cost) facts.Add(new("Cost", cost.ToString(), $"{QuantityFormat.Count(p.Run.AcceleratorHours)} accelerator-hours"));
        page.Facts(facts);
        page.Callout("Read before using the numbers", p.Warnings.Select(w => x(w.Message)), warning: true);
        page.Table(PlanTables.Vision(p), x);
        page.Section("law", "The law and its source");
        page.Formula(p.Law.Form);
        page.Pairs(null, [("Law", p.Law.Name), ("Predicts", p.Law.Metric), ("Source", p.Law.Source.ToString())]);
        Notes(page, p, x);
        return page.Render();
    }

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
