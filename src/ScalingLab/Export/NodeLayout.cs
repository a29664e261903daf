using ScalingLab.Units;

namespace ScalingLab.Export;

/// <summary>
/// How a plan's accelerators split into machines: N nodes of G GPUs each. G is, in this order, what
/// the user gives, the plan's cloud instance's accelerator count (8 on p4d, p5), or 8: NVIDIA's
/// HGX/DGX A100, H100, H200 and B200 servers and AMD's MI300X platform carry eight GPUs on one board,
/// which is also the tensor-parallel limit the layout search keeps to. A plan of fewer GPUs than that
/// is one node of its count.
/// </summary>
public sealed record NodeLayout(int Nodes, int GpusPerNode, string Basis)
{
    public const int ServerGpus = 8;

    public static NodeLayout For(PlannedHardware hw, int? gpusPerNode = null, string parameter = "gpusPerNode")
    {
        var (perNode, basis) = gpusPerNode is { } g ? (g, "given")
            : hw.AcceleratorsPerInstance is { } i ? (i, $"{hw.Instance} has {i}")
            : (ServerGpus, $"{ServerGpus} per {hw.Accelerator} server");
        if (perNode < 1) throw new InputException(parameter, perNode.ToString(), "expected a positive number of GPUs per node");
        if (hw.Count <= perNode) return new NodeLayout(1, hw.Count, $"{hw.Count} GPUs fit one node");
        if (hw.Count % perNode != 0)
            throw new InputException(parameter, perNode.ToString(), $"the plan's {hw.Count} GPUs are not a whole number of {perNode}-GPU nodes ({basis})");
        return new NodeLayout(hw.Count / perNode, perNode, basis);
    }
}
