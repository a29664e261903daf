using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// Ticks for an axis whose coordinates are log10 of a quantity, labelled in the quantity's own
/// units (100M, 1B, 10B; 1e20, 1e21) instead of the exponent. The densest of these sets whose
/// labels do not crowd is used: every third, second or single decade, then 1-3, 1-2-5 or 1-9
/// times each decade; within less than a factor of about two, evenly spaced values. Unlabelled
/// decades and mantissas become minor ticks.
/// </summary>
public sealed class LogTicks(Func<double, string> label) : ITickGenerator
{
    // Mantissa sets, sparsest to densest, within one decade.
    private static readonly double[][] Mantissas = [[1], [1, 3], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];

    public Tick[] Ticks { get; set; } = [];
    public int MaxTickCount { get; set; } = 1000;

    /// <summary>Least room, in pixels, between two labelled ticks along the axis.</summary>
    public float MinimumSpacing { get; set; } = 0;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        var spacing = MinimumSpacing > 0 ? MinimumSpacing : edge.IsHorizontal() ? 64 : 30;
        Ticks = For(range.Min, range.Max, size.Length, spacing).Take(MaxTickCount).ToArray();
    }

    /// <summary>Ticks between log10 coordinates <paramref name="lo"/> and <paramref name="hi"/> on an axis of <paramref name="pixels"/>.</summary>
    public IReadOnlyList<Tick> For(double lo, double hi, double pixels, double minSpacing)
    {
        if (!(hi > lo) || !double.IsFinite(lo) || !double.IsFinite(hi) || pixels <= 0) return [];
        var perDecade = pixels / (hi - lo);
        var first = (int)Math.Floor(lo);
        var last = (int)Math.Ceiling(hi);

        // Whole decades, every k-th, when even single decades are too close together.
        if (perDecade < minSpacing)
        {
            var k = (int)Math.Ceiling(minSpacing / perDecade);
            var major = Enumerable.Range(first, last - first + 1).Where(d => d >= lo - 1e-9 && d <= hi + 1e-9).ToList();
            var every = major.Where(d => ((d % k) + k) % k == 0).ToList();
            return every.Select(d => Tick.Major(d, label(Math.Pow(10, d))))
                .Concat(major.Except(every).Select(d => Tick.Minor(d))).ToList();
        }

        IReadOnlyList<Tick>? best = null;
        foreach (var set in Mantissas)
        {
            var positions = Positions(set, first, last, lo, hi);
            if (positions.Count < 2 || MinGap(set) * perDecade < minSpacing) continue;
            var minor = set.Length == 9 ? [] : Positions([1, 2, 3, 4, 5, 6, 7, 8, 9], first, last, lo, hi).Except(positions);
            best = positions.Select(p => Tick.Major(p, label(Math.Pow(10, p)))).Concat(minor.Select(p => Tick.Minor(p))).ToList();
        }
        return best ?? Linear(lo, hi, pixels, minSpacing);
    }

    private static List<double> Positions(double[] mantissas, int first, int last, double lo, double hi)
    {
        var list = new List<double>();
        for (var d = first; d <= last; d++)
            foreach (var m in mantissas)
            {
                var p = d + Math.Log10(m);
                if (p >= lo - 1e-9 && p <= hi + 1e-9) list.Add(p);
            }
        return list;
    }

    // The smallest gap (in decades) between neighbouring ticks of a mantissa set, the wrap to the next decade included.
    private static double MinGap(double[] set) =>
        set.Zip(set.Skip(1).Append(10.0), (a, b) => Math.Log10(b / a)).Min();

    // Less than a factor of about two: evenly spaced values (1.2B, 1.4B, ...) at their log positions.
    private IReadOnlyList<Tick> Linear(double lo, double hi, double pixels, double minSpacing)
    {
        double a = Math.Pow(10, lo), b = Math.Pow(10, hi);
        var count = Math.Max(2, (int)(pixels / minSpacing));
        var raw = (b - a) / count;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(s => s * mag).First(s => s >= raw);
        var ticks = new List<Tick>();
        for (var v = Math.Ceiling(a / step) * step; v <= b * (1 + 1e-12); v += step)
            ticks.Add(Tick.Major(Math.Log10(v), label(v)));
        return ticks;
    }
}
