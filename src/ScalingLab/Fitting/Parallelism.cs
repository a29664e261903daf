namespace ScalingLab.Fitting;

/// <summary>
/// How the library runs CPU-bound loops in parallel: never more workers than cores (the loops'
/// bodies are pure computation, so more threads only add switching, and an unbounded
/// Parallel.For lets the thread pool grow while its workers stay busy), and stoppable by a token.
/// </summary>
public static class Parallelism
{
    public static ParallelOptions Options(CancellationToken cancel, int maxDegree = -1) => new()
    {
        MaxDegreeOfParallelism = maxDegree > 0 ? Math.Min(maxDegree, Environment.ProcessorCount) : Environment.ProcessorCount,
        CancellationToken = cancel,
    };
}
