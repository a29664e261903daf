using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>Bytes of model state one device holds: fp16/bf16 weights, their gradients, fp32 Adam state.</summary>
public sealed record ModelStateBytes(double Weights, double Gradients, double OptimizerStates)
{
    public double Total => Weights + Gradients + OptimizerStates;
}

/// <summary>
/// Model states under mixed-precision Adam with ZeRO stages 0-3 (Rajbhandari et al. 2020, "ZeRO",
/// Sec. 3.1 and 5; docs/scaling-laws.md Sec. 10): 2 bytes of 16-bit weights and 2 of gradients per parameter,
/// and K = 12 bytes of fp32 optimizer state (master weights, momentum, variance). Stage 1 shards
/// the optimizer state over the N_d data-parallel ranks, stage 2 also the gradients, stage 3 also
/// the weights. Their example: 7.5B parameters, N_d = 64 -> 120, 31.4, 16.6, 1.9 GB.
/// </summary>
public static class ModelStates
{
    public const double WeightBytes = 2;
    public const double GradientBytes = 2;
    public const double OptimizerBytes = 12;

    /// <param name="parameters">Parameters this model-parallel rank owns (the whole model without tensor/pipeline parallelism).</param>
    /// <param name="dataParallel">N_d, the data-parallel degree the states are sharded over.</param>
    /// <param name="zeroStage">0 (plain data parallel) to 3.</param>
    public static ModelStateBytes Bytes(double parameters, int dataParallel, int zeroStage)
    {
        if (dataParallel < 1) throw new InputException("dp", dataParallel.ToString(), "expected a positive data-parallel degree");
        if (zeroStage is < 0 or > 3) throw new InputException("zero", zeroStage.ToString(), "expected a ZeRO stage from 0 to 3");
        double nd = dataParallel;
        return new ModelStateBytes(
            WeightBytes * parameters / (zeroStage >= 3 ? nd : 1),
            GradientBytes * parameters / (zeroStage >= 2 ? nd : 1),
            OptimizerBytes * parameters / (zeroStage >= 1 ? nd : 1));
    }
}
