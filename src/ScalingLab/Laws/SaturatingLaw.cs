using System.Globalization;
using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// A compute-only law E(C) = a (C + d)^-b + c (Zhai et al. 2022's saturating form for vision);
/// with c = d = 0 it is the plain power law E = a C^-b of Cherti et al. 2023's CLIP fits. C is in
/// the law's <see cref="ComputeUnit"/>: gmacs (total forward GMACs, i.e. GMACs per sample times
/// samples seen) or flops (training FLOPs). A fit writes it as a <see cref="LawDefinition"/>
/// with family "saturating".
/// </summary>
public sealed record SaturatingLaw(string Name, double A, double B, double C, double D, ComputeUnit ComputeUnit, string Metric,
    Source Source, FitRange? Range = null)
{
    public const string FamilyName = "saturating";

    public string Form => C == 0 && D == 0 ? "E = a C^-b" : "E = a (C + d)^-b + c";

    public IReadOnlyDictionary<string, double> Constants => new Dictionary<string, double>
    {
        ["a"] = A, ["b"] = B, ["c"] = C, ["d"] = D,
    };

    /// <summary>The predicted metric at compute C (in <see cref="ComputeUnit"/>).</summary>
    public double Error(double compute) => A * Math.Pow(compute + D, -B) + C;

    /// <summary>The compute that reaches an error; the error must lie above the asymptote c.</summary>
    public double ComputeFor(double error, string field = "targetError")
    {
        if (!(error > C) || !double.IsFinite(error))
            throw new InputException(field, error.ToString("0.####", CultureInfo.InvariantCulture),
                $"{Name} never goes below its asymptote {C.ToString("0.####", CultureInfo.InvariantCulture)}; expected a larger value");
        var compute = Math.Pow((error - C) / A, -1 / B) - D;
        if (!(compute > 0))
            throw new InputException(field, error.ToString("0.####", CultureInfo.InvariantCulture),
                $"{Name} predicts that error with no compute at all; expected a smaller value");
        return compute;
    }

    public LawDefinition ToDefinition(string? notes = null) => new()
    {
        Name = Name, Family = FamilyName, Constants = new(Constants), Source = Source, FitRange = Range,
        ComputeUnit = ComputeUnit, Metric = Metric, Notes = notes,
    };

    public static SaturatingLaw FromDefinition(LawDefinition def, string field = "law")
    {
        double Get(string key, bool optional)
        {
            if (def.Constants.TryGetValue(key, out var v))
                return double.IsFinite(v) && v >= 0 ? v : throw new InputException(field, def.Name, $"constant '{key}' = {v} must be a finite number >= 0");
            return optional ? 0 : throw new InputException(field, def.Name, $"a saturating law needs constant '{key}'");
        }
        if (def.ComputeUnit is not ({ } unit and (ComputeUnit.Gmacs or ComputeUnit.Flops)))
            throw new InputException(field, def.Name, $"computeUnit '{def.ComputeUnit}' is not one of gmacs, flops");
        var a = Get("a", false);
        var b = Get("b", false);
        if (a <= 0 || b <= 0) throw new InputException(field, def.Name, "constants a and b must be positive");
        return new SaturatingLaw(def.Name, a, b, Get("c", true), Get("d", true), unit, def.Metric ?? "error", def.Source, def.FitRange);
    }
}
