using System.Text.Json.Serialization;
using ScalingLab.Laws;

namespace ScalingLab.Fitting;

/// <summary>The result of fitting E = a (C + d)^-b + c: the law, its objective and how the starts went.</summary>
/// <remarks>In JSON (`fit --form saturating --json`): form, a, b, c, d, computeUnit, objective, rmsLogResidual, points, starts, convergedStarts, converged, out.</remarks>
public sealed record SaturatingFitResult([property: JsonIgnore] SaturatingLaw Law, double Objective, double RmsLogResidual, int Points,
    int Starts, int ConvergedStarts, [property: JsonIgnore] LbfgsResult Best)
{
    [JsonPropertyOrder(-1)] public string Form => Law.Form;
    [JsonPropertyName("a"), JsonPropertyOrder(-1)] public double A => Law.A;
    [JsonPropertyName("b"), JsonPropertyOrder(-1)] public double B => Law.B;
    [JsonPropertyName("c"), JsonPropertyOrder(-1)] public double C => Law.C;
    [JsonPropertyName("d"), JsonPropertyOrder(-1)] public double D => Law.D;
    [JsonPropertyOrder(-1)] public ComputeUnit ComputeUnit => Law.ComputeUnit;
    public bool Converged => Best.Converged;
    /// <summary>Where the caller wrote the law, if it did.</summary>
    public string? Out { get; init; }
}

/// <summary>
/// Fits Zhai et al. 2022's saturating form E = a (C + d)^-b + c to (compute, metric) runs: least squares
/// on log residuals (so a 1% miss weighs the same at every scale), over θ = (ln a, b, ln c, ln d) so that
/// a, c, d stay positive (c, d → 0 recovers the plain power law of Cherti et al. 2023), with the
/// project's L-BFGS from a grid of starts. Each start's a is the log-mean that matches the data for
/// its (b, c, d), so no start begins far from the data.
/// </summary>
public static class SaturatingFit
{
    private static readonly double[] Exponents = [0.05, 0.1, 0.2, 0.4, 0.8];
    private static readonly double[] AsymptoteFractions = [1e-6, 0.3, 0.6, 0.9];   // c as a share of the lowest metric
    private static readonly double[] OffsetFractions = [1e-6, 0.1, 1, 10];          // d as a multiple of the least compute

    public static SaturatingFitResult Fit(IReadOnlyList<ComputePoint> points, string name, Laws.ComputeUnit computeUnit,
        string metric, Source source, LbfgsOptions? options = null)
    {
        var distinct = points.Select(p => p.Compute).Distinct().Count();
        if (distinct < 5)
            throw new Units.InputException("file", $"{distinct} distinct compute value{(distinct == 1 ? "" : "s")} in {points.Count} runs", "the saturating form has 4 constants; expected runs at 5 or more distinct compute values");
        var objective = new Objective(points);
        // SciPy's L-BFGS-B stopping rules: near a pure power law the (c, d) valley is flat, and
        // a gradient-only test ends in a line-search failure at machine precision instead.
        var o = options ?? LbfgsOptions.SciPyDefaults;
        var lbfgs = new Lbfgs(4, o.Memory);
        double minMetric = points.Min(p => p.Metric), minCompute = points.Min(p => p.Compute);
        double[]? best = null;
        LbfgsResult bestResult = default;
        int starts = 0, converged = 0;
        foreach (var b in Exponents)
        foreach (var cf in AsymptoteFractions)
        foreach (var df in OffsetFractions)
        {
            double c = cf * minMetric, d = df * minCompute;
            var lnA = points.Average(p => Math.Log(p.Metric - c) + b * Math.Log(p.Compute + d));
            var x = new[] { lnA, b, Math.Log(c), Math.Log(d) };
            var r = lbfgs.Minimize(objective, x, o);
            starts++;
            if (r.Converged) converged++;
            if (double.IsFinite(r.F) && (best is null || r.F < bestResult.F)) { best = x; bestResult = r; }
        }
        var law = new SaturatingLaw(name, Math.Exp(best![0]), best[1], Math.Exp(best[2]), Math.Exp(best[3]),
            computeUnit, metric, source);
        return new SaturatingFitResult(law, bestResult.F, Math.Sqrt(bestResult.F / points.Count), points.Count,
            starts, converged, bestResult);
    }

    /// <summary>f(θ) = Σ (ln(a (C_i + d)^-b + c) - ln y_i)², with its analytic gradient in θ.</summary>
    internal sealed class Objective(IReadOnlyList<ComputePoint> points) : IObjective
    {
        private readonly double[] _c = points.Select(p => p.Compute).ToArray();
        private readonly double[] _lnY = points.Select(p => Math.Log(p.Metric)).ToArray();

        public int Dimension => 4;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double a = Math.Exp(x[0]), b = x[1], c = Math.Exp(x[2]), d = Math.Exp(x[3]);
            double f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
            for (var i = 0; i < _c.Length; i++)
            {
                var cd = _c[i] + d;
                var lnCd = Math.Log(cd);
                var m = a * Math.Exp(-b * lnCd);
                var p = m + c;
                var r = Math.Log(p) - _lnY[i];
                f += r * r;
                var w = 2 * r / p;
                g0 += w * m;                // ∂p/∂ln a = m
                g1 += w * -m * lnCd;        // ∂p/∂b = -m ln(C + d)
                g2 += w * c;                // ∂p/∂ln c = c
                g3 += w * -b * m / cd * d;  // ∂p/∂ln d = -b m d / (C + d)
            }
            g[0] = g0; g[1] = g1; g[2] = g2; g[3] = g3;
            return double.IsFinite(f) ? f : double.PositiveInfinity;
        }
    }
}
