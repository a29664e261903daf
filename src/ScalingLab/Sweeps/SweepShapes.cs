using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>
/// The shape of each sweep run: the plan's shape search (<see cref="ShapeSearch.Propose"/>) when it
/// lands within tolerance; below a few hundred thousand parameters its width steps of 64 are too
/// coarse for that, so the same scoring (count error first, then width/depth near the target ratio)
/// runs over widths in steps of 16 with whole heads of at most 64 dimensions. Every shape is built by
/// <see cref="ShapeSearch.Make"/>, as `train --layers --d-model` builds it, so the parameters the
/// design records are the parameters trained.
/// </summary>
public static class SweepShapes
{
    public const double Tolerance = 0.05;
    /// <summary>Width/depth the sweep aims at: tiny models want depth, and d/L from ~20 to ~200 trains about equally well (Kaplan et al. 2020, Fig. 5).</summary>
    public const double AspectRatio = 32;
    private const int MinWidth = 32, FineStep = 16, MaxLayers = 64;

    public static ShapeProposal Nearest(Parameters target, int vocab, int context, double aspectRatio = AspectRatio)
    {
        var request = new ShapeRequest(target, vocab, context, aspectRatio, Tolerance);
        var proposal = ShapeSearch.Propose(request);
        if (proposal.WithinTolerance) return proposal;
        ShapeProposal? best = null;
        var bestScore = double.PositiveInfinity;
        for (var layers = 1; layers <= MaxLayers; layers++)
        {
            for (var d = MinWidth; d < 2048; d += FineStep)
            {
                var shape = ShapeSearch.Make(layers, d, request);
                var p = ParameterCount.Total(shape);
                if (p > target.Value * (1 + Tolerance) && d > MinWidth) break;
                if (shape.Heads * shape.HeadDim != d || layers > d / 4) continue;
                var err = (p - target.Value) / target.Value;
                var score = 10 * Math.Abs(err) + (Math.Abs(err) <= Tolerance ? Math.Abs(Math.Log((double)d / layers / aspectRatio)) : 100);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = new ShapeProposal(shape, p, err, Math.Abs(err) <= Tolerance);
                }
            }
        }
        return best is not null && Math.Abs(best.RelativeError) < Math.Abs(proposal.RelativeError) ? best : proposal;
    }

    /// <summary>The smallest model this family can build: one layer of the narrowest width.</summary>
    public static double Smallest(int vocab, int context) =>
        ParameterCount.Total(ShapeSearch.Make(1, MinWidth, new ShapeRequest(new Parameters(1), vocab, context)));
}
