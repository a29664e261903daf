using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>The largest model (of the planner's shape family) whose training fits a cluster, with its layout.</summary>
public sealed record FittingModel(Parameters Parameters, ShapeProposal Shape, LayoutChoice Layout)
{
    public double BytesPerDevice => Layout.Memory.Total;
}

public static class LargestFit
{
    // Below this there is no sensible language model to plan.
    public const double MinParameters = 1e6;

    /// <summary>
    /// Bisects log N between <see cref="MinParameters"/> and <paramref name="upTo"/> for the largest
    /// size whose proposed shape has a layout that fits (to 1% in N); null if even the smallest does not fit.
    /// </summary>
    public static FittingModel? Find(Parameters upTo, Cluster cluster, ShapeRequest template)
    {
        FittingModel? Try(double n)
        {
            var shape = ShapeSearch.Propose(template with { Target = new Parameters(n) });
            var choice = LayoutSearch.Best(new Parameters(n), shape.Shape, cluster);
            return choice.Fits ? new FittingModel(new Parameters(n), shape, choice) : null;
        }
        double lo = Math.Log(MinParameters), hi = Math.Log(upTo.Value);
        var best = Try(MinParameters);
        if (best is null) return null;
        while (hi - lo > Math.Log(1.01))
        {
            var mid = 0.5 * (lo + hi);
            var fit = Try(Math.Exp(mid));
            if (fit is not null) { best = fit; lo = mid; } else hi = mid;
        }
        return best;
    }
}
