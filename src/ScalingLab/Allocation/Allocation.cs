using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>How an allocation was found.</summary>
public enum AllocationMethod { ClosedForm, Numeric, Fixed, Rule }

/// <summary>A model size and a token count for a budget, with the loss the law predicts there.</summary>
public sealed record Allocation(
    Parameters Parameters, Tokens Tokens, Flops Flops, FlopConvention Convention, Loss Loss,
    AllocationMethod Method, bool OnSearchEdge = false)
{
    public double TokensPerParameter => Tokens.Value / Parameters.Value;
}
