using ScalingLab.Planning;
using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// Where the plan sits on its law: IsoFLOP curves (loss against model size at a fixed budget) for
/// the plan's budget and half-decades either side, coloured on one budget scale; the compute-optimal
/// frontier through their minima; the plan's point; Kaplan et al. 2020's choice on the same budget;
/// and, when the model does not fit the cluster, the largest one that does.
/// </summary>
public static class PlanIsoFlopFigure
{
    private static readonly double[] HalfDecades = [-1, -0.5, 0, 0.5, 1];

    public static Figure Build(Plan plan)
    {
        var law = plan.Law;
        var n = plan.Allocation.Parameters.Value;
        var d = plan.Allocation.Tokens.Value;
        // The budget in 6ND terms, so the plan's point lies on its own curve whatever FLOP convention it used.
        var c = 6 * n * d;
        var budgets = HalfDecades.Select(k => c * Math.Pow(10, k)).ToArray();

        // Sizes to show: around every budget's optimum, the plan, Kaplan's and the largest-fitting model.
        var optima = budgets.Select(b => IsoFlopCurve.Optimum(law, b, 1e3, Math.Min(1e16, b / 6))).ToArray();
        var sizes = optima.Select(o => o.Parameters).Append(n).ToList();
        if (plan.Kaplan is { } k0) sizes.Add(k0.Parameters.Value);
        if (plan.LargestFittingPlan is { } f0) sizes.Add(f0.Allocation.Parameters.Value);
        var nLo = sizes.Min() / 4;
        var nHi = Math.Min(sizes.Max() * 4, c / 6);

        var plt = PlotStyle.New($"IsoFLOP curves of {law.Name} around the plan", "model size N (parameters)", "predicted loss (nats/token)");
        var colors = new BudgetColors(budgets);
        foreach (var b in budgets)
        {
            var curve = IsoFlopCurve.Of(law, b, nLo, nHi);
            var line = plt.Add.ScatterLine(curve.Log10Parameters, curve.Loss);
            line.Color = colors.For(b);
            line.LineWidth = b == c ? 3.5f : 2f;
            if (b == c) line.LegendText = $"IsoFLOP curve at the plan's budget ({new Flops(c)}); the others ±0.5 and ±1 decade";
        }

        var front = Enumerable.Range(0, 41).Select(i => IsoFlopCurve.Optimum(law, c * Math.Pow(10, -1.2 + 2.4 * i / 40), nLo, nHi)).ToArray();
        var frontier = plt.Add.ScatterLine(front.Select(o => Math.Log10(o.Parameters)).ToArray(), front.Select(o => o.Loss).ToArray());
        frontier.Color = Colors.Black.WithAlpha(0.8);
        frontier.LineWidth = 1.5f;
        frontier.LegendText = "compute-optimal frontier (each curve's minimum)";

        var planLoss = law.Loss(plan.Allocation.Parameters, plan.Allocation.Tokens).Value;
        Point(plt, n, planLoss, PlotStyle.Highlight, MarkerShape.FilledCircle, 13, $"this plan: {plan.Allocation.Parameters}, {plan.Allocation.Tokens} tokens");
        var ys = new List<double> { planLoss };
        if (plan.Kaplan is { } k)
        {
            var kl = k.LossUnderLaw.Value;
            Point(plt, k.Parameters.Value, kl, PlotStyle.Secondary, MarkerShape.FilledSquare, 11, $"Kaplan 2020 frontier, same budget: {k.Parameters}, {k.Tokens} tokens");
            ys.Add(kl);
        }
        if (plan.LargestFittingPlan is { } f)
        {
            var fa = f.Allocation;
            var fl = law.Loss(fa.Parameters, fa.Tokens).Value;
            Point(plt, fa.Parameters.Value, fl, PlotStyle.Tertiary, MarkerShape.FilledDiamond, 13, $"largest model that fits the cluster: {fa.Parameters}");
            ys.Add(fl);
        }

        // Loss range: the curves' minima with room above for the points, not the curves' steep ends.
        var mins = budgets.Select((b, i) => optima[i].Loss).ToList();
        var spread = Math.Max(mins.Max() - mins.Min(), 0.02);
        var yLo = Math.Min(mins.Min(), ys.Min()) - 0.15 * spread;
        var yHi = Math.Max(mins.Max() + 0.9 * spread, ys.Max() + 0.15 * spread);
        plt.Axes.SetLimits(Math.Log10(nLo), Math.Log10(nHi), yLo, yHi);
        plt.Axes.Bottom.TickGenerator = new LogTicks(v => QuantityFormat.Count(v));
        colors.AddColorBar(plt);
        PlotStyle.LegendOutside(plt);

        var caption = $"Loss predicted by {law.Name} against model size at five compute budgets (C = 6ND, half a decade apart, centred on the plan's {new Flops(c)}); "
            + "the thin black line joins each budget's best size. The plan sits at the minimum of its own curve when it is compute-optimal; "
            + "away from it, the curve shows what a different size would cost in loss on the same budget.";
        return new Figure("isoflop", caption, plt, 960, 600);
    }

    private static void Point(Plot plt, double parameters, double loss, Color color, MarkerShape shape, float size, string legend)
    {
        var m = plt.Add.ScatterPoints(new[] { Math.Log10(parameters) }, new[] { loss });
        m.Color = color;
        m.MarkerShape = shape;
        m.MarkerSize = size;
        m.LegendText = legend;
    }
}
