using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// The published allocation rules: Data/allocation-rules.json plus Kaplan et al.'s Table 6 frontier,
/// which is read from the kaplan2020 law's constants so those numbers keep one home.
/// </summary>
public static class AllocationRuleCatalog
{
    public const string KaplanFrontierName = "kaplan2020-frontier";

    private static readonly Lazy<IReadOnlyList<AllocationRule>> All = new(() =>
    {
        var kaplan = LawCatalog.Kaplan;
        var frontier = new AllocationRule
        {
            Name = KaplanFrontierName, Variable = RuleVariable.Parameters,
            Coefficient = kaplan.Constants["frontierN"], Exponent = kaplan.Constants["frontierNExp"],
            ComputeUnit = ComputeUnit.PfDays, ParameterCounting = ParameterCounting.NonEmbedding,
            Source = kaplan.Source with { Where = "Table 6 compute-efficient frontier (N_opt = 1.3e9 C^0.73, C in PF-days)" },
            Notes = "Read from the kaplan2020 law's frontier constants. N counts non-embedding parameters; tokens follow from C = 6ND.",
        };
        return [frontier, .. Data.EmbeddedJson.Load<List<AllocationRule>>("allocation-rules.json")];
    });

    public static IReadOnlyList<AllocationRule> Presets => All.Value;

    public static AllocationRule? Find(string name) =>
        Presets.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public static AllocationRule Get(string name, string field = "law") => Find(name)
        ?? throw new InputException(field, name, "expected an allocation rule (" + string.Join(", ", Presets.Select(p => p.Name)) + ")");
}
