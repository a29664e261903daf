using ScalingLab.Training.Corpus;

namespace ScalingLab.Training.Loop;

/// <summary>
/// Random windows of the training tokens. The window of (step, row) is a pure function of the
/// seed, so a resumed run draws exactly the batches the uninterrupted run would have drawn.
/// </summary>
public sealed class BatchSampler(TokenFile tokens, int context, int batch, long seed)
{
    public long MaxStart => tokens.Count - context - 1;

    /// <summary>Inputs and next-token targets, each batch × context, row-major.</summary>
    public (long[] Inputs, long[] Targets) Batch(long step)
    {
        var inputs = new long[batch * context];
        var targets = new long[batch * context];
        var window = new long[context + 1];
        for (var row = 0; row < batch; row++)
        {
            var start = (long)(Mix((ulong)seed, (ulong)step, (ulong)row) % (ulong)(MaxStart + 1));
            tokens.Read(start, window);
            window.AsSpan(0, context).CopyTo(inputs.AsSpan(row * context));
            window.AsSpan(1, context).CopyTo(targets.AsSpan(row * context));
        }
        return (inputs, targets);
    }

    // SplitMix64 finaliser over the three coordinates: cheap, stateless and well spread.
    private static ulong Mix(ulong seed, ulong step, ulong row)
    {
        var z = seed * 0x9E3779B97F4A7C15UL + step * 0xBF58476D1CE4E5B9UL + row * 0x94D049BB133111EBUL + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
