using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// How a training run is split over devices: tensor (t), pipeline (p) and data (d) parallel degrees
/// (t·p·d devices), the ZeRO stage over the d data-parallel ranks, recomputation, sequence
/// parallelism (only meaningful with t &gt; 1) and the micro-batch in sequences.
/// </summary>
public sealed record ParallelLayout(
    [property: System.Text.Json.Serialization.JsonPropertyName("tensorParallel")] int Tensor = 1,
    [property: System.Text.Json.Serialization.JsonPropertyName("pipelineParallel")] int Pipeline = 1,
    [property: System.Text.Json.Serialization.JsonPropertyName("dataParallel")] int Data = 1,
    int ZeroStage = 0,
    Recomputation Recompute = Recomputation.None,
    bool SequenceParallel = false,
    int MicroBatch = 1)
{
    [System.Text.Json.Serialization.JsonIgnore] public int Devices => Tensor * Pipeline * Data;

    public override string ToString() =>
        $"TP {Tensor} x PP {Pipeline} x DP {Data}, ZeRO-{ZeroStage}, recompute {Recompute.Key()}" +
        (SequenceParallel && Tensor > 1 ? ", sequence parallel" : "") + $", micro-batch {MicroBatch}";

    /// <summary>Checks the degrees against each other and the model; throws naming the first bad one.</summary>
    public ParallelLayout Validated(int layers, int heads)
    {
        Check("tp", Tensor, 1, 100_000);
        Check("pp", Pipeline, 1, 100_000);
        Check("dp", Data, 1, Cluster.MaxCount);
        Check("zero", ZeroStage, 0, 3);
        Check("microBatch", MicroBatch, 1, 1_000_000);
        if (heads % Tensor != 0)
            throw new InputException("tp", Tensor.ToString(), $"the tensor-parallel degree must divide the {heads} attention heads");
        if (Pipeline > layers)
            throw new InputException("pp", Pipeline.ToString(), $"at most one pipeline stage per layer ({layers} layers)");
        return this;
    }

    private static void Check(string field, int v, int min, int max)
    {
        if (v < min || v > max) throw new InputException(field, v.ToString(), $"expected an integer from {min} to {max}");
    }
}
