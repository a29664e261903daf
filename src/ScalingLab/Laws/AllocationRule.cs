using System.Text.Json.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>What an allocation rule's power law gives: N, D, or DeepSeek's model scale M (FLOPs per token).</summary>
public enum RuleVariable { Parameters, Tokens, FlopsPerToken }

/// <summary>Fixes a power law's prefactor by one published point, when the paper prints the exponent only.</summary>
public sealed record RuleAnchor([property: JsonPropertyName("flops")] double Flops, [property: JsonPropertyName("value")] double Value);

/// <summary>
/// A published compute-optimal allocation of the power-law kind, X_opt = k C^a, with X one of
/// parameters, tokens or DeepSeek's model scale M (FLOPs per token). It gives N and D for a
/// budget directly and predicts no loss; the other quantity follows from the budget identity
/// (C = 6ND, or C = M D for M). Entries live in Data/allocation-rules.json with their source.
/// </summary>
public sealed record AllocationRule
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>What the power law gives: parameters, tokens or flopsPerToken (M).</summary>
    [JsonPropertyName("variable")] public required RuleVariable Variable { get; init; }
    [JsonPropertyName("exponent")] public required double Exponent { get; init; }
    [JsonPropertyName("coefficient")] public double? Coefficient { get; init; }
    [JsonPropertyName("anchor")] public RuleAnchor? Anchor { get; init; }
    /// <summary>The unit C is in inside the formula: flops (default) or pfDays.</summary>
    [JsonPropertyName("computeUnit")] public ComputeUnit ComputeUnit { get; init; } = ComputeUnit.Flops;
    /// <summary>How the rule's N counts parameters.</summary>
    [JsonPropertyName("parameterCounting")] public ParameterCounting ParameterCounting { get; init; } = ParameterCounting.Total;
    [JsonPropertyName("source")] public required Source Source { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }

    /// <summary>k in k C^a, from the coefficient or from the anchor point.</summary>
    public double Prefactor => Coefficient
        ?? (Anchor is { } a ? a.Value / Math.Pow(Unit(a.Flops), Exponent)
            : throw new InvalidOperationException($"rule {Name} has neither a coefficient nor an anchor"));

    public string Form => $"{Symbol} = {Coefficient4()} C^{Exponent:0.####}" + (ComputeUnit == ComputeUnit.PfDays ? " (C in PF-days)" : "");

    private string Coefficient4() => Prefactor is >= 1e4 or < 1e-3
        ? QuantityFormat.Scientific(Prefactor, 4) : QuantityFormat.Significant(Prefactor, 4);

    private string Symbol => Variable switch { RuleVariable.Parameters => "N_opt", RuleVariable.Tokens => "D_opt", _ => "M_opt" };

    /// <summary>k C^a at the budget.</summary>
    public double Evaluate(Flops budget) => Prefactor * Math.Pow(Unit(budget.Value), Exponent);

    private double Unit(double flops) => ComputeUnit == ComputeUnit.PfDays ? flops / Units.Flops.PerPetaflopDay : flops;
}
