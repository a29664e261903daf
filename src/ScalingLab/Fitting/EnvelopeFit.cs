using System.Text.Json.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>Approach 1's answer: the lowest loss reached at each FLOP value, by which run, and the power laws.</summary>
/// <summary>In JSON (fit's `approach1`): a, b, intervals {a, b}, runs, runsOnEnvelope.</summary>
public sealed record EnvelopeResult([property: JsonIgnore] IReadOnlyList<EnvelopePoint> Envelope, IReadOnlyList<string> RunsOnEnvelope,
    [property: JsonIgnore] PowerLaw Parameters, [property: JsonIgnore] PowerLaw Tokens, int Runs)
{
    [JsonPropertyName("a"), JsonPropertyOrder(-1)] public double ParameterExponent => Parameters.Exponent;
    [JsonPropertyName("b"), JsonPropertyOrder(-1)] public double TokenExponent => Tokens.Exponent;
    [JsonPropertyOrder(-1)] public ExponentIntervals Intervals => new(Parameters.ExponentInterval, Tokens.ExponentInterval);
}

public sealed record EnvelopePoint(Flops Flops, Loss Loss, string RunId, Parameters Parameters, Tokens Tokens);

/// <summary>
/// Approach 1 of Hoffmann et al. 2022 (Sec. 3.1): from training curves (run id, tokens, loss),
/// take the lower envelope of loss against FLOPs C = 6ND at log-spaced FLOP values (they used
/// 1,500), note which run attains it, then fit N*(C) = k C^a and D*(C) = k' C^b to that envelope.
/// Each curve's loss is interpolated linearly in ln C between its own points, never extrapolated.
/// Envelope points won by the smallest or largest model are left out (the optimum is not bracketed there).
/// The power laws' intervals treat envelope points as independent, which neighbouring FLOP values
/// on one curve are not: read them as lower bounds on the uncertainty.
/// </summary>
public static class EnvelopeFit
{
    public const int DefaultFlopValues = 1500;

    public static EnvelopeResult Fit(IReadOnlyList<RunPoint> points, int flopValues = DefaultFlopValues, double confidence = 0.95)
    {
        if (points.Any(p => p.RunId is null))
            throw new InputException("approach 1", "no run id column", "expected training curves: a run id column (run, run id or id) with several (tokens, loss) points per run");
        var curves = points.GroupBy(p => p.RunId!)
            .Select(g => (Id: g.Key, N: g.First().Parameters.Value,
                Pts: g.OrderBy(p => p.Flops.Value).Select(p => (LnC: Math.Log(p.Flops.Value), L: p.Loss.Value)).ToArray()))
            .Where(c => c.Pts.Length >= 2).ToList();
        if (curves.Count < 3)
            throw new InputException("approach 1", $"{curves.Count} curve(s)", "expected at least 3 runs with 2 or more points each");
        var lo = curves.Min(c => c.Pts[0].LnC);
        var hi = curves.Max(c => c.Pts[^1].LnC);
        var envelope = new List<EnvelopePoint>();
        for (var k = 0; k < flopValues; k++)
        {
            var lnC = lo + (hi - lo) * k / (flopValues - 1);
            (string Id, double N, double L)? best = null;
            foreach (var c in curves)
            {
                if (lnC < c.Pts[0].LnC || lnC > c.Pts[^1].LnC) continue;
                var j = 1;
                while (j < c.Pts.Length - 1 && c.Pts[j].LnC < lnC) j++;
                var (x0, y0) = c.Pts[j - 1];
                var (x1, y1) = c.Pts[j];
                var l = x1 > x0 ? y0 + (y1 - y0) * (lnC - x0) / (x1 - x0) : Math.Min(y0, y1);
                if (best is null || l < best.Value.L) best = (c.Id, c.N, l);
            }
            if (best is { } b)
            {
                var flops = Math.Exp(lnC);
                envelope.Add(new(new(flops), new(b.L), b.Id, new(b.N), new(flops / (6 * b.N))));
            }
        }
        // Where the smallest or largest model attains the envelope the optimum is not bracketed by the
        // sizes tried (at the ends of the FLOP range it is forced), so those points would bias the exponent.
        var (nMin, nMax) = (curves.Min(c => c.N), curves.Max(c => c.N));
        envelope = envelope.Where(e => e.Parameters.Value > nMin && e.Parameters.Value < nMax).ToList();
        if (envelope.Select(e => e.RunId).Distinct().Count() < 2)
            throw new InputException("approach 1", "envelope", "expected the lower envelope to pass through at least 2 runs other than the smallest and largest models");
        var c0 = envelope.Select(e => e.Flops.Value).ToArray();
        return new EnvelopeResult(envelope, envelope.Select(e => e.RunId).Distinct().ToList(),
            PowerLaw.Fit(c0, envelope.Select(e => e.Parameters.Value).ToArray(), confidence),
            PowerLaw.Fit(c0, envelope.Select(e => e.Tokens.Value).ToArray(), confidence),
            curves.Count);
    }
}
