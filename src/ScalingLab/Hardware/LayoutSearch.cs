using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>A layout that fits, with its memory; or, when none fits, the layout that came closest.</summary>
public sealed record LayoutChoice(ParallelLayout Layout, MemoryBreakdown Memory, double DeviceMemoryBytes, bool Fits, int LayoutsChecked)
{
    public double Utilisation => Memory.Total / DeviceMemoryBytes;
}

/// <summary>
/// Searches tensor/pipeline/data degrees, ZeRO stage and recomputation for a model on a cluster.
/// Tensor parallelism stays within one 8-accelerator server (t in 1, 2, 4, 8 dividing the heads), as
/// Megatron-LM does to keep its all-reduces on NVLink; sequence parallelism is always on with t &gt; 1
/// (it only removes memory, Korthikanti et al. 2022); micro-batch 1; t·p·d uses every device.
/// Among the layouts that fit, the preferred one is not a throughput model but an order of costs:
/// fewest model-parallel ranks t·p first (pipeline bubbles, tensor all-reduces), then the least
/// recomputation (full costs about one extra forward pass), then the lowest ZeRO stage (stage 3
/// adds 50% communication, Rajbhandari et al. 2020), then tensor over pipeline parallelism.
/// </summary>
public static class LayoutSearch
{
    public static readonly int[] TensorDegrees = [1, 2, 4, 8];

    public static LayoutChoice Best(Parameters parameters, ModelShape shape, Cluster cluster)
    {
        var capacity = cluster.Accelerator.MemoryBytes
            ?? throw new InputException("accelerators", cluster.Accelerator.Name, "its memory is unknown; give memory-gb in the description or the hardware file");
        LayoutChoice? best = null, closest = null;
        var checkedCount = 0;
        foreach (var layout in Candidates(shape, cluster.Count))
        {
            checkedCount++;
            var memory = TrainingMemory.Estimate(parameters, shape, layout);
            var fits = memory.Total <= capacity;
            var choice = new LayoutChoice(layout, memory, capacity, fits, 0);
            if (fits && (best is null || Preferred(layout, best.Layout))) best = choice;
            if (closest is null || memory.Total < closest.Memory.Total) closest = choice;
        }
        return (best ?? closest!) with { LayoutsChecked = checkedCount };
    }

    public static bool Fits(Parameters parameters, ModelShape shape, Cluster cluster) => Best(parameters, shape, cluster).Fits;

    private static IEnumerable<ParallelLayout> Candidates(ModelShape shape, int devices)
    {
        foreach (var t in TensorDegrees)
        {
            if (t > devices || devices % t != 0 || shape.Heads % t != 0) continue;
            var rest = devices / t;
            for (var p = 1; p <= Math.Min(rest, shape.Layers); p++)
            {
                if (rest % p != 0) continue;
                var d = rest / p;
                foreach (var zero in new[] { 0, 1, 2, 3 })
                {
                    if (zero > 0 && d == 1) continue; // nothing to shard over
                    foreach (var r in Enum.GetValues<Recomputation>())
                        yield return new ParallelLayout(t, p, d, zero, r, SequenceParallel: t > 1);
                }
            }
        }
    }

    private static bool Preferred(ParallelLayout a, ParallelLayout b)
    {
        var ka = (a.Tensor * a.Pipeline, (int)a.Recompute, a.ZeroStage, a.Pipeline);
        var kb = (b.Tensor * b.Pipeline, (int)b.Recompute, b.ZeroStage, b.Pipeline);
        return ka.CompareTo(kb) < 0;
    }
}
