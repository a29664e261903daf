using System.Text.Json.Serialization;
using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>One IsoFLOP profile: the parabola of loss in ln N and its minimum, or why there is none.</summary>
/// <remarks>
/// The vertex's standard errors come from the parabola's least-squares covariance by the delta method
/// (σ² (XᵀX)⁻¹ with σ² = SSE/(n−3)): <see cref="LogOptimumError"/> for ln N*, <see cref="MinimumLossError"/> for L*.
/// </remarks>
public sealed record IsoFlopProfile(double Flops, int Points, [property: JsonIgnore] double[] Parabola, Parameters? OptimalParameters,
    Tokens? OptimalTokens, Loss? MinimumLoss, string? Skipped)
{
    [JsonIgnore] public bool Used => Skipped is null;
    public double? LogOptimumError { get; init; }
    public double? MinimumLossError { get; init; }
}

/// <summary>
/// Approach 2's answer: the profiles and the power laws N*(C) = k C^a, D*(C) = k' C^b. In JSON
/// (fit's `approach2`): a, b, k, kTokens, intervals {a, b}, budgetToleranceDex, profiles.
/// </summary>
public sealed record IsoFlopResult([property: JsonPropertyOrder(10)] IReadOnlyList<IsoFlopProfile> Profiles,
    [property: JsonIgnore] PowerLaw Parameters, [property: JsonIgnore] PowerLaw Tokens,
    [property: JsonPropertyName("budgetToleranceDex")] double ToleranceDex)
{
    [JsonPropertyName("a")] public double ParameterExponent => Parameters.Exponent;
    [JsonPropertyName("b")] public double TokenExponent => Tokens.Exponent;
    [JsonPropertyName("k")] public double ParameterCoefficient => Parameters.Coefficient;
    [JsonPropertyName("kTokens")] public double TokenCoefficient => Tokens.Coefficient;
    public ExponentIntervals Intervals => new(Parameters.ExponentInterval, Tokens.ExponentInterval);
}

/// <summary>
/// Approach 2 of Hoffmann et al. 2022 (Sec. 3.2): for each compute budget, fit a parabola to loss
/// against ln N, take its minimum as the optimal size at that budget (D* = C/(6N*)), then fit
/// N* = k C^a and D* = k' C^b across budgets. A profile is skipped, with the reason, when it has
/// too few points or its parabola's minimum lies outside the sizes tried (an unbracketed optimum).
/// </summary>
public static class IsoFlopFit
{
    public const int DefaultMinPoints = 4;

    public static IsoFlopResult Fit(IReadOnlyList<RunPoint> points, double toleranceDex = BudgetGroups.DefaultToleranceDex,
        int minPoints = DefaultMinPoints, double confidence = 0.95)
    {
        if (!(toleranceDex > 0 && toleranceDex < 1))
            throw new InputException("budgetTolerance", toleranceDex.ToString(System.Globalization.CultureInfo.InvariantCulture), "expected a tolerance in decades between 0 and 1, e.g. 0.05");
        var profiles = BudgetGroups.Of(points, toleranceDex).Select(g => Profile(g, minPoints)).ToList();
        var used = profiles.Where(p => p.Used).ToList();
        if (used.Count < 3)
            throw new InputException("approach 2", $"{used.Count} usable budget(s)",
                $"expected at least 3 budgets with {minPoints}+ runs each and a bracketed minimum ({profiles.Count} group(s) at tolerance {toleranceDex} dex)");
        var c = used.Select(p => p.Flops).ToArray();
        return new IsoFlopResult(profiles,
            PowerLaw.Fit(c, used.Select(p => p.OptimalParameters!.Value.Value).ToArray(), confidence),
            PowerLaw.Fit(c, used.Select(p => p.OptimalTokens!.Value.Value).ToArray(), confidence),
            toleranceDex);
    }

    public static IsoFlopProfile Profile(BudgetGroup g, int minPoints = DefaultMinPoints)
    {
        var x = g.Points.Select(p => Math.Log(p.Parameters.Value)).ToArray();
        var y = g.Points.Select(p => p.Loss.Value).ToArray();
        if (g.Points.Count < minPoints || x.Distinct().Count() < 3)
            return new(g.Flops, g.Points.Count, [], null, null, null, $"{g.Points.Count} run(s), need {minPoints} of 3+ sizes");
        var (c, cov) = Quadratic(x, y);
        if (!(c[2] > 0)) return new(g.Flops, g.Points.Count, c, null, null, null, "the parabola opens downwards (no minimum)");
        var xMin = -c[1] / (2 * c[2]);
        if (xMin < x.Min() || xMin > x.Max())
            return new(g.Flops, g.Points.Count, c, null, null, null, "the minimum lies outside the sizes tried");
        var n = Math.Exp(xMin);
        var loss = c[0] + c[1] * xMin + c[2] * xMin * xMin;
        // Delta method: x* = -c1/(2 c2), L* = c0 - c1²/(4 c2).
        double[] gx = [0, -1 / (2 * c[2]), c[1] / (2 * c[2] * c[2])];
        double[] gl = [1, -c[1] / (2 * c[2]), c[1] * c[1] / (4 * c[2] * c[2])];
        double Var(double[] gr)
        {
            var v = 0.0;
            for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) v += gr[i] * cov[i, j] * gr[j];
            return v;
        }
        return new(g.Flops, g.Points.Count, c, new(n), new(g.Flops / (6 * n)), new(loss), null)
        {
            LogOptimumError = Math.Sqrt(Math.Max(Var(gx), 0)),
            MinimumLossError = Math.Sqrt(Math.Max(Var(gl), 0)),
        };
    }

    /// <summary>y = c0 + c1 x + c2 x² by least squares (x centred for conditioning), with the coefficients' covariance.</summary>
    private static (double[] C, double[,] Cov) Quadratic(double[] x, double[] y)
    {
        var n = x.Length;
        var m = x.Average();
        var xtx = new double[3, 3];
        var xty = new double[3];
        foreach (var (xi, yi) in x.Zip(y))
        {
            double[] row = [1, xi - m, (xi - m) * (xi - m)];
            for (var i = 0; i < 3; i++)
            {
                xty[i] += row[i] * yi;
                for (var j = 0; j < 3; j++) xtx[i, j] += row[i] * row[j];
            }
        }
        var inv = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(xtx).Inverse();
        var b = new double[3];
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) b[i] += inv[i, j] * xty[j];
        var sse = x.Zip(y).Sum(p => Math.Pow(p.Second - (b[0] + b[1] * (p.First - m) + b[2] * (p.First - m) * (p.First - m)), 2));
        var s2 = n > 3 ? sse / (n - 3) : double.NaN;
        // Back from the centred coefficients to c0 + c1 x + c2 x², covariance through the same linear map T.
        double[,] t = { { 1, -m, m * m }, { 0, 1, -2 * m }, { 0, 0, 1 } };
        var c = new double[3];
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) c[i] += t[i, j] * b[j];
        var cov = new double[3, 3];
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 3; j++)
        {
            var v = 0.0;
            for (var k = 0; k < 3; k++) for (var l = 0; l < 3; l++) v += t[i, k] * inv[k, l] * t[j, l];
            cov[i, j] = s2 * v;
        }
        return (c, cov);
    }
}
