namespace ScalingLab.Export;

/// <summary>
/// A torchrun command line (PyTorch's elastic launcher): one launcher per node starting one process
/// per GPU, the nodes meeting at a c10d rendezvous on the first node.
/// </summary>
public static class Torchrun
{
    /// <summary>The launcher's options, then the program (a module with -m, or a script) and its arguments.</summary>
    public static IReadOnlyList<string> Command(string nodes, int gpusPerNode, string endpoint, IEnumerable<string> program, string? rendezvousId = null)
    {
        var c = new List<string> { "torchrun", "--nnodes", nodes, "--nproc-per-node", gpusPerNode.ToString() };
        if (rendezvousId is not null) c.AddRange(["--rdzv-id", rendezvousId]);
        c.AddRange(["--rdzv-backend", "c10d", "--rdzv-endpoint", endpoint]);
        c.AddRange(program);
        return c;
    }
}
