namespace ScalingLab.Allocation;

/// <summary>
/// Bracketed 1-D root finding for the allocator: scan a grid for the first sign change, then
/// refine with MathNet's Brent solver. Tolerances are absolute in the (log-space) variable.
/// </summary>
internal static class RootFinder
{
    public const double Tolerance = 1e-12;

    /// <summary>
    /// The first x in [lo, hi] where f crosses from negative to non-negative, or null when f keeps
    /// one sign over the whole range (the answer lies on an edge).
    /// </summary>
    public static double? FirstRisingRoot(Func<double, double> f, double lo, double hi, int gridPoints = 256)
    {
        var prevX = lo;
        var prev = f(lo);
        if (prev >= 0) return null;
        for (var i = 1; i <= gridPoints; i++)
        {
            var x = lo + (hi - lo) * i / gridPoints;
            var y = f(x);
            if (double.IsNaN(y)) continue;
            if (y >= 0)
                return MathNet.Numerics.RootFinding.Brent.FindRoot(f, prevX, x, Tolerance, 200);
            prevX = x;
        }
        return null;
    }

    /// <summary>
    /// Every x in [lo, hi] where f crosses from negative to non-negative on the grid, each refined
    /// with Brent: the candidate minima when f is a derivative with several stationary points.
    /// </summary>
    public static IReadOnlyList<double> RisingRoots(Func<double, double> f, double lo, double hi, int gridPoints = 512)
    {
        var roots = new List<double>();
        var prevX = lo;
        var prev = f(lo);
        for (var i = 1; i <= gridPoints; i++)
        {
            var x = lo + (hi - lo) * i / gridPoints;
            var y = f(x);
            if (double.IsNaN(y)) continue;
            if (prev < 0 && y >= 0)
                roots.Add(MathNet.Numerics.RootFinding.Brent.FindRoot(f, prevX, x, Tolerance, 200));
            prevX = x;
            prev = y;
        }
        return roots;
    }

    /// <summary>Root of a monotone increasing function on [lo, hi]; null when none lies inside.</summary>
    public static double? Increasing(Func<double, double> f, double lo, double hi)
    {
        double flo = f(lo), fhi = f(hi);
        if (flo > 0 || fhi < 0) return null;
        return MathNet.Numerics.RootFinding.Brent.FindRoot(f, lo, hi, Tolerance, 300);
    }
}
