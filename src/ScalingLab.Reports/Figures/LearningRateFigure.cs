using ScalingLab.Schedule;
using ScalingLab.Units;
using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>The learning rate the schedule sets at every step: linear warm-up, then its decay to the last step.</summary>
public static class LearningRateFigure
{
    public static Figure Build(TrainingSchedule s)
    {
        var plt = PlotStyle.New("Learning-rate schedule", "tokens trained", "learning rate");
        // Dense where warm-up happens, so a short warm-up is still drawn as a ramp.
        var steps = Enumerable.Range(0, 200).Select(i => (long)Math.Round((double)s.WarmupSteps * i / 199))
            .Concat(Enumerable.Range(0, 601).Select(i => s.WarmupSteps + (long)Math.Round((double)(s.Steps - s.WarmupSteps) * i / 600)))
            .Where(x => x < s.Steps).Distinct().Order().ToArray();
        var rates = s.Curve;
        var line = plt.Add.ScatterLine(steps.Select(x => x * s.BatchTokens).ToArray(), steps.Select(rates.At).ToArray());
        line.Color = PlotStyle.Secondary;
        line.LineWidth = 2.5f;
        line.LegendText = $"{s.Kind.ToString().ToLowerInvariant()} decay, peak {QuantityFormat.Scientific(s.PeakLearningRate)}";
        if (s.WarmupSteps > 0)
        {
            var w = plt.Add.VerticalLine(s.WarmupSteps * s.BatchTokens);
            w.Color = PlotStyle.Muted;
            w.LegendText = $"end of warm-up (step {s.WarmupSteps:N0})";
        }
        plt.Axes.SetLimits(0, s.Steps * s.BatchTokens, 0, s.PeakLearningRate * 1.1);
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v == 0 ? "0" : QuantityFormat.Count(v) };
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v == 0 ? "0" : QuantityFormat.Scientific(v, 2) };
        PlotStyle.LegendOutside(plt);
        var caption = $"Peak {QuantityFormat.Scientific(s.PeakLearningRate)} from {s.RuleName} after {s.WarmupSteps:N0} warm-up steps, "
            + $"then {s.Kind.ToString().ToLowerInvariant()} decay over all {s.Steps:N0} steps of {QuantityFormat.Count(s.BatchTokens)} tokens.";
        return new Figure("schedule", caption, plt, 960, 400);
    }
}
