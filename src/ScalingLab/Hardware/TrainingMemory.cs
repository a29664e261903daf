using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>Per-device training memory, by component, in bytes.</summary>
public sealed record MemoryBreakdown(double Weights, double Gradients, double OptimizerStates, double Activations)
{
    public double Total => Weights + Gradients + OptimizerStates + Activations;
}

/// <summary>
/// Training memory of the busiest device (the first pipeline stage): model states from
/// <see cref="ModelStates"/> for its share of the parameters, N / (t·p) (an even split over tensor
/// ranks and stages), plus activations from <see cref="ActivationMemory"/>. Framework workspace,
/// communication buffers and fragmentation are not counted: a layout at 100% is not a safe layout.
/// </summary>
public static class TrainingMemory
{
    /// <param name="parameters">The parameter count the model states are for (the shape's own count unless the user fixed one).</param>
    /// <param name="shape">The transformer whose activations are counted.</param>
    /// <param name="layout">Tensor, pipeline and data parallel degrees, ZeRO stage and recomputation.</param>
    public static MemoryBreakdown Estimate(Parameters parameters, ModelShape shape, ParallelLayout layout)
    {
        layout.Validated(shape.Layers, shape.Heads);
        var perRank = parameters.Value / (layout.Tensor * layout.Pipeline);
        var states = ModelStates.Bytes(perRank, layout.Data, layout.ZeroStage);
        var activations = ActivationMemory.PerDeviceBytes(shape.Layers, shape.Context, layout.MicroBatch, shape.DModel,
            shape.Heads, layout.Tensor, layout.Recompute, layout.SequenceParallel);
        return new MemoryBreakdown(states.Weights, states.Gradients, states.OptimizerStates, activations);
    }
}
