using System.Text.Json.Serialization;
using ScalingLab.Schedule;

namespace ScalingLab.Laws;

/// <summary>What a catalog entry is: a loss law L(N, D), an allocation rule (N and D from C, no loss), or a compute-only law (error from C).</summary>
public enum LawKind { Loss, AllocationRule, Compute }

/// <summary>
/// One line of `scalinglab laws`: any published law or rule with its form, constants and source.
/// Built from the three catalogs, so every name listed works as `plan --law NAME`.
/// </summary>
public sealed record LawListing(
    string Name,
    LawKind Kind,
    string Family,
    string Form,
    IReadOnlyDictionary<string, double> Constants,
    Source Source,
    bool Default,
    string? Notes,
    ParameterCounting? ParameterCounting = null,
    string? Metric = null,
    ComputeUnit? ComputeUnit = null,
    RuleVariable? Variable = null)
{
    public static IReadOnlyList<LawListing> All()
    {
        var list = LawCatalog.Presets.Select(def =>
        {
            var law = LawCatalog.Create(def);
            return new LawListing(def.Name, LawKind.Loss, law.Family, law.Form, law.Constants, law.Source,
                def.Name == LawCatalog.DefaultName, def.Notes, law.ParameterCounting);
        }).ToList();
        list.AddRange(AllocationRuleCatalog.Presets.Select(r => new LawListing(r.Name, LawKind.AllocationRule, "power-law allocation", r.Form,
            new Dictionary<string, double> { ["coefficient"] = r.Prefactor, ["exponent"] = r.Exponent }, r.Source, false, r.Notes,
            r.ParameterCounting, ComputeUnit: r.ComputeUnit, Variable: r.Variable)));
        list.AddRange(ComputeLawCatalog.Presets.Select(def =>
        {
            var law = SaturatingLaw.FromDefinition(def);
            return new LawListing(law.Name, LawKind.Compute, SaturatingLaw.FamilyName, law.Form, law.Constants, law.Source, false, def.Notes,
                Metric: law.Metric, ComputeUnit: law.ComputeUnit);
        }));
        return list;
    }

    /// <summary>The learning-rate and batch rules a plan's schedule can use (listed beside the laws).</summary>
    [JsonIgnore] public static IReadOnlyList<HyperparameterRule> HyperparameterRules => HyperparameterCatalog.Rules;
}
