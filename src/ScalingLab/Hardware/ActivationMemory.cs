namespace ScalingLab.Hardware;

/// <summary>
/// Activation memory of one transformer layer in bytes, 16-bit activations, after Korthikanti et al.
/// 2022, "Reducing Activation Recomputation in Large Transformer Models", Table 2 (docs/scaling-laws.md Sec. 10),
/// with s = sequence, b = micro-batch, h = hidden size, a = heads, t = tensor-parallel degree:
///   tensor parallel                   s·b·h·(10 + 24/t + 5·a·s/(h·t))   (t = 1: no parallelism, 34 + 5as/h)
///   tensor + sequence parallel        s·b·h·(34/t + 5·a·s/(h·t))
///   tensor parallel + selective       s·b·h·(10 + 24/t)
///   tensor + sequence + selective     s·b·h·(34/t)
///   full recomputation                2·s·b·h (the layer input only; Table 2 lists it without a /t)
/// </summary>
public static class ActivationMemory
{
    public static double PerLayerBytes(int sequence, int microBatch, int hidden, int heads, int tensorParallel,
        Recomputation recompute, bool sequenceParallel)
    {
        double s = sequence, b = microBatch, h = hidden, a = heads, t = tensorParallel;
        var sbh = s * b * h;
        var attentionScores = 5 * a * s / (h * t);   // softmax input/output and dropout mask: what selective recomputation drops
        return recompute switch
        {
            Recomputation.Full => 2 * sbh,
            Recomputation.Selective => sequenceParallel ? sbh * 34 / t : sbh * (10 + 24 / t),
            _ => sequenceParallel ? sbh * (34 / t + attentionScores) : sbh * (10 + 24 / t + attentionScores),
        };
    }

    /// <summary>
    /// Activations the busiest device holds: with 1F1B pipelining the first stage keeps p micro-batches
    /// of L/p layers in flight, i.e. L layers' worth whatever p is (Korthikanti et al. 2022; docs/scaling-laws.md Sec. 10);
    /// without pipelining one micro-batch of all L layers. Embedding and output-layer activations are
    /// left out (the paper finds them a small correction).
    /// </summary>
    public static double PerDeviceBytes(int layers, int sequence, int microBatch, int hidden, int heads, int tensorParallel,
        Recomputation recompute, bool sequenceParallel) =>
        layers * PerLayerBytes(sequence, microBatch, hidden, heads, tensorParallel, recompute, sequenceParallel);
}
