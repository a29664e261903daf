using System.Text.Json.Serialization;
using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>One IsoFLOP profile: the parabola of loss in ln N and its minimum, or why there is none.</summary>
public sealed record IsoFlopProfile(double Flops, int Points, [property: JsonIgnore] double[] Parabola, Parameters? OptimalParameters,
    Tokens? OptimalTokens, Loss? MinimumLoss, string? Skipped)
{
    [JsonIgnore] public bool Used => Skipped is null;
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
        var c = MathNet.Numerics.Fit.Polynomial(x, y, 2);
        if (!(c[2] > 0)) return new(g.Flops, g.Points.Count, c, null, null, null, "the parabola opens downwards (no minimum)");
        var xMin = -c[1] / (2 * c[2]);
        if (xMin < x.Min() || xMin > x.Max())
            return new(g.Flops, g.Points.Count, c, null, null, null, "the minimum lies outside the sizes tried");
        var n = Math.Exp(xMin);
        var loss = c[0] + c[1] * xMin + c[2] * xMin * xMin;
        return new(g.Flops, g.Points.Count, c, new(n), new(g.Flops / (6 * n)), new(loss), null);
    }
}
