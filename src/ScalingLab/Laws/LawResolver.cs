using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>What a --law argument turned out to be: a loss law, an allocation rule or a compute-only law.</summary>
public abstract record ResolvedLaw
{
    public string Name => this switch
    {
        LossLaw l => l.Law.Name, Rule r => r.Allocation.Name, ComputeOnly c => c.Law.Name, _ => "",
    };

    /// <summary>The name (what `--help` shows as an option's default), not the whole law.</summary>
    public sealed override string ToString() => Name;

    public sealed record LossLaw(IScalingLaw Law) : ResolvedLaw;
    public sealed record Rule(AllocationRule Allocation) : ResolvedLaw;
    public sealed record ComputeOnly(SaturatingLaw Law) : ResolvedLaw;
}

/// <summary>
/// Resolves a --law argument across the three catalogs (loss laws, allocation rules, compute-only
/// laws) and law files, whose "family" says which kind they are.
/// </summary>
public static class LawResolver
{
    public static IEnumerable<string> AllNames =>
        LawCatalog.Presets.Select(p => p.Name).Concat(AllocationRuleCatalog.Presets.Select(r => r.Name))
            .Concat(ComputeLawCatalog.Presets.Select(p => p.Name));

    public static ResolvedLaw Resolve(string nameOrPath, string field = "law")
    {
        if (string.IsNullOrWhiteSpace(nameOrPath))
            throw new InputException(field, nameOrPath ?? "", "expected a preset name or a law JSON file");
        if (LawCatalog.Presets.Any(d => string.Equals(d.Name, nameOrPath, StringComparison.OrdinalIgnoreCase)))
            return new ResolvedLaw.LossLaw(LawCatalog.Get(nameOrPath));
        if (AllocationRuleCatalog.Find(nameOrPath) is { } rule) return new ResolvedLaw.Rule(rule);
        if (ComputeLawCatalog.Find(nameOrPath) is { } compute) return new ResolvedLaw.ComputeOnly(compute);
        if (File.Exists(nameOrPath))
        {
            var def = LawCatalog.ReadDefinition(nameOrPath, field);
            return string.Equals(def.Family, SaturatingLaw.FamilyName, StringComparison.OrdinalIgnoreCase)
                ? new ResolvedLaw.ComputeOnly(SaturatingLaw.FromDefinition(def, field))
                : new ResolvedLaw.LossLaw(LawCatalog.Create(def, field));
        }
        throw new InputException(field, nameOrPath, "expected a preset (" + string.Join(", ", AllNames) + ") or an existing law JSON file");
    }
}
