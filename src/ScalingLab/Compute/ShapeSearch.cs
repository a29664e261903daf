using ScalingLab.Units;

namespace ScalingLab.Compute;

/// <summary>What a shape search is asked for; defaults follow common practice.</summary>
public sealed record ShapeRequest(
    Parameters Target,
    int Vocab = 32000,
    int Context = 2048,
    double AspectRatio = ShapeSearch.DefaultAspectRatio,
    double Tolerance = 0.05,
    bool TiedEmbeddings = true,
    PositionKind Positions = PositionKind.Learned);

/// <summary>A proposed shape and how far its real count lands from the target.</summary>
public sealed record ShapeProposal(ModelShape Shape, double Parameters, double RelativeError, bool WithinTolerance);

/// <summary>
/// Proposes a decoder shape for a target total parameter count. Widths are multiples of 64 (256 from 2048, 512 from 8192),
/// heads have 64 (d &lt; 2048) or 128 dimensions, the MLP is 4d, and among the shapes within
/// tolerance the one whose width/depth ratio is closest to the target ratio wins.
/// Kaplan et al. (2020, Fig. 5) found loss nearly flat for d/L between ~20 and ~200; GPT-3 175B
/// (12288/96) and Chinchilla 70B (8192/80) sit at 100-128, so 128 is the default.
/// </summary>
public static class ShapeSearch
{
    public const double DefaultAspectRatio = 128;

    public static ShapeProposal Propose(ShapeRequest r)
    {
        ShapeProposal? best = null;
        double bestScore = double.PositiveInfinity;
        ShapeProposal? closest = null;
        for (var layers = 1; layers <= 256; layers++)
        {
            for (var d = 64; d <= 65536; d += WidthStep(d))
            {
                var shape = Make(layers, d, r);
                var p = ParameterCount.Total(shape);
                var err = (p - r.Target.Value) / r.Target.Value;
                if (closest is null || Math.Abs(err) < Math.Abs(closest.RelativeError))
                    closest = new ShapeProposal(shape, p, err, Math.Abs(err) <= r.Tolerance);
                if (p > r.Target.Value * (1 + r.Tolerance)) break; // count grows with width
                if (Math.Abs(err) > r.Tolerance) continue;
                // Loss is flat over a wide band of width/depth (Kaplan et al. Fig. 5), while users
                // asked for a size: 1% of count error weighs like 10% of aspect-ratio distance.
                var score = Math.Abs(Math.Log((double)d / layers / r.AspectRatio)) + 10 * Math.Abs(err);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = new ShapeProposal(shape, p, err, true);
                }
            }
        }
        return best ?? closest!;
    }

    // Coarser widths for bigger models keep head counts even (d/128 a multiple of 2 or 4),
    // as in the published model families, while still landing within a few percent.
    private static int WidthStep(int d) => d < 2048 ? 64 : d < 8192 ? 256 : 512;

    public static ModelShape Make(int layers, int dModel, ShapeRequest r)
    {
        var headDim = dModel >= 2048 ? 128 : 64;
        var heads = Math.Max(1, dModel / headDim);
        return new ModelShape(layers, dModel, heads, dModel / heads, 4 * dModel, r.Vocab, r.Context,
            r.TiedEmbeddings, r.Positions);
    }
}
