using System.Globalization;
using ScalingLab.Reports.Figures;
using ScalingLab.Sweeps;
using ScottPlot;

namespace ScalingLab.Reports.Tests;

/// <summary>
/// The sweep's figures, checked on what is drawn: the loss axis on where the runs end, not on their
/// first steps; sizes, tokens and FLOPs labelled in their units; legends and colour bars outside the
/// data; the prediction, its interval and the verification run in the pictures that carry them.
/// </summary>
public class SweepFigureTests
{
    private static SweepSnapshot S => SyntheticSweep.Snapshot;

    private static (string Svg, PixelRect Data) Draw(Figure f)
    {
        var svg = f.InlineSvg();
        f.Plot.GetImage(f.Width, f.Height);
        return (svg, f.Plot.LastRender.DataRect);
    }

    private static void AssertBelowData((string Svg, PixelRect Data) d, string legendText)
    {
        var p = FigureReadabilityTests.TextPosition(d.Svg, legendText);
        Assert.True(p.Y > d.Data.Bottom, $"'{legendText}' at y={p.Y}, inside the data area (ends at {d.Data.Bottom})");
    }

    private static List<string> Labels(IAxis axis) => axis.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();

    // A log axis labelled with its exponents (4.5, 5, 5.5) instead of the quantity would show small plain numbers.
    private static void AssertInUnits(List<string> labels)
    {
        Assert.NotEmpty(labels);
        Assert.DoesNotContain(labels, l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v < 20);
    }

    [Fact]
    public void The_loss_axis_starts_where_the_runs_end()
    {
        var curves = S.Curves!.Points.GroupBy(p => p.RunId).Select(g => (IReadOnlyList<(double, double)>)g.Select(p => (p.Tokens.Value, p.Loss.Value)).ToList()).ToList();
        var finals = S.Analysis.Parametric.Table.Points.Select(p => p.Loss.Value).ToList();
        var (low, high, above) = LossAxis.Range(curves, finals);
        var first = S.Curves.Points.Max(p => p.Loss.Value);
        Assert.True(low < finals.Min() && low > finals.Min() - 0.2, $"low {low} against the lowest final loss {finals.Min()}");
        Assert.True(high >= finals.Max(), $"a final loss ({finals.Max()}) would be cut off at {high}");
        // The first steps no longer take most of the height: the axis spans well under half of first-minus-lowest.
        Assert.True(high - low < 0.5 * (first - low), $"range {low}..{high} still spends most of its height on the first steps (up to {first})");
        Assert.True(above > 0);
    }

    [Fact]
    public void Training_curves_are_clipped_keyed_and_labelled_in_flops()
    {
        var f = TrainingCurvesFigure.Build(S.Curves!.Points, S.Analysis.Parametric.Table.Points, SweepAnalysis.EnvelopeFrontier(S.Curves.Points)?.Fit);
        var d = Draw(f);
        var limits = f.Plot.Axes.GetLimits();
        Assert.True(limits.Top < S.Curves.Points.Max(p => p.Loss.Value));
        Assert.All(S.Analysis.Parametric.Table.Points, p => Assert.InRange(p.Loss.Value, limits.Bottom, limits.Top));
        Assert.Contains(Labels(f.Plot.Axes.Bottom), l => l.Contains('e'));
        AssertInUnits(Labels(f.Plot.Axes.Bottom));
        AssertBelowData(d, "final validation loss");
        AssertBelowData(d, "lower envelope");
        Assert.True(FigureReadabilityTests.TextPosition(d.Svg, "model size N (parameters)").X > d.Data.Right);
        Assert.Contains("lie above it", f.Caption);
    }

    [Fact]
    public void The_design_is_drawn_in_parameters_and_tokens_with_the_prediction()
    {
        var fit = S.Analysis.Parametric.Parametric!.ToLaw("fit", new Laws.Source("fit", "", 0));
        var f = SweepDesignFigure.Build("design", S.Spec.Runs.Select(r => new DesignPoint(r.Budget, r.Parameters, r.Tokens, true)).ToList(),
            outlook: new DesignOutlook(S.Spec.TargetBudget, fit, S.Analysis.Prediction.ParametersInterval, S.Verifications.Select(v => new DesignPoint(v.Flops, v.Parameters, v.Tokens)).ToList()));
        var d = Draw(f);
        AssertInUnits(Labels(f.Plot.Axes.Bottom));
        AssertInUnits(Labels(f.Plot.Axes.Left));
        Assert.Contains(Labels(f.Plot.Axes.Bottom), l => l.EndsWith('K') || l.EndsWith('M'));
        AssertBelowData(d, "predicted optimum at the target");
        AssertBelowData(d, "verification run");
        Assert.True(FigureReadabilityTests.TextPosition(d.Svg, "compute budget C (FLOPs)").X > d.Data.Right);
    }

    [Fact]
    public void The_design_plot_of_a_new_sweep_keys_its_runs_without_states()
    {
        var f = SweepDesignFigure.Build("design", S.Spec.Runs.Select(r => new DesignPoint(r.Budget, r.Parameters, r.Tokens)).ToList(),
            S.Spec.Runs.GroupBy(r => r.Budget).Select(g => Math.Sqrt(g.Key / 6)).ToList(), "tiny-prior");
        var d = Draw(f);
        AssertBelowData(d, "runs (24), coloured by budget");
        AssertBelowData(d, "prior optimum at each budget (tiny-prior)");
    }

    [Fact]
    public void The_forecasts_carry_each_approach_to_the_target_with_the_verification()
    {
        var iso = SweepAnalysis.IsoFlopFrontier(S.Analysis.Parametric.Table.Points);
        var env = SweepAnalysis.EnvelopeFrontier(S.Curves!.Points);
        Assert.NotNull(iso);
        var frontiers = new SweepFrontiers(S.Analysis.Parametric.Parametric!.ToLaw("fit", new Laws.Source("fit", "", 0)), S.Analysis.Parametric.Bootstrap?.Samples, iso, env);
        var budgets = S.Spec.Runs.Select(r => r.Budget).Distinct().Order().ToList();
        foreach (var f in new[]
        {
            ForecastFigures.OptimalSize(S.Analysis, frontiers, budgets, S.Verifications),
            ForecastFigures.Loss(S.Analysis, frontiers, S.Analysis.Parametric.Table.Points, budgets, S.Verifications),
        })
        {
            var d = Draw(f);
            var limits = f.Plot.Axes.GetLimits();
            Assert.InRange(Math.Log10(S.Spec.TargetBudget), limits.Left, limits.Right);
            Assert.InRange(Math.Log10(S.Verifications[0].Flops), limits.Left, limits.Right);
            AssertInUnits(Labels(f.Plot.Axes.Bottom));
            AssertBelowData(d, "Approach 3 (parametric law)");
            AssertBelowData(d, "Approach 2 (IsoFLOP parabolas)");
            AssertBelowData(d, "prediction at the target");
            AssertBelowData(d, "verification run");
            AssertBelowData(d, "95% bootstrap band");
        }
    }

    // ScottPlot lays an outside legend out from the previous render; a fresh plot's first SVG lost its last entries.
    [Fact]
    public void A_long_legend_keeps_every_entry_in_the_first_svg()
    {
        var iso = SweepAnalysis.IsoFlopFrontier(S.Analysis.Parametric.Table.Points);
        var frontiers = new SweepFrontiers(S.Analysis.Parametric.Parametric!.ToLaw("fit", new Laws.Source("fit", "", 0)), S.Analysis.Parametric.Bootstrap?.Samples, iso, null);
        var f = ForecastFigures.Loss(S.Analysis, frontiers, S.Analysis.Parametric.Table.Points, S.Spec.Runs.Select(r => r.Budget).Distinct().ToList(), S.Verifications);
        var svg = f.InlineSvg();
        Assert.Contains("verification run: measured loss", svg);
        Assert.Contains("prediction for its size and tokens", svg);
    }
}
