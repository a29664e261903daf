namespace ScalingLab.Reports.Figures;

/// <summary>
/// The loss range a training-curve figure shows. A run starts near ln(vocabulary) and falls fast,
/// so an axis that spans every logged loss spends most of its height on the first steps and
/// squeezes the part a reader looks at (where the runs end, how they compare, the validation
/// points) into a strip at the bottom. The range here runs from a little below the lowest loss to
/// a high quantile of the later losses (each curve after its first fifth of progress), never
/// cutting off a marked point (final or validation losses); what lies above is left out and said.
/// </summary>
public static class LossAxis
{
    /// <summary>Each curve is judged from this share of its own progress (tokens or FLOPs) on.</summary>
    public const double LaterFrom = 0.2;
    /// <summary>The quantile of the later losses that sets the top.</summary>
    public const double TopQuantile = 0.98;

    /// <summary>The range, and how many curve points lie above it.</summary>
    /// <param name="curves">Each curve as (progress, loss) in logging order; progress is tokens or FLOPs, from 0.</param>
    /// <param name="marks">Points that must stay visible: validation and final losses.</param>
    public static (double Low, double High, int Above) Range(IEnumerable<IReadOnlyList<(double Progress, double Loss)>> curves, IEnumerable<double> marks)
    {
        var all = new List<double>();
        var later = new List<double>();
        var list = curves.ToList();
        foreach (var c in list)
        {
            var finite = c.Where(p => double.IsFinite(p.Loss)).ToList();
            if (finite.Count == 0) continue;
            var end = finite.Max(p => p.Progress);
            all.AddRange(finite.Select(p => p.Loss));
            later.AddRange(finite.Where(p => p.Progress >= LaterFrom * end).Select(p => p.Loss));
        }
        var kept = marks.Where(double.IsFinite).ToList();
        all.AddRange(kept);
        if (all.Count == 0) return (0, 1, 0);
        var low = all.Min();
        // The upper end of a central interval of 2q - 1 is the q quantile.
        var top = later.Count > 0 ? Allocation.Interval.Central(later, 2 * TopQuantile - 1).High : all.Max();
        if (kept.Count > 0) top = Math.Max(top, kept.Max());
        var span = Math.Max(top - low, Math.Max(Math.Abs(low) * 0.01, 1e-3));
        var high = top + 0.05 * span;
        var above = list.Sum(c => c.Count(p => p.Loss > high));
        return (low - 0.06 * span, high, above);
    }
}
