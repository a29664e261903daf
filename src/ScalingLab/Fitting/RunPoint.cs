using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// One measured training run (or one point on a training curve): size, tokens, compute and the
/// loss reached. <see cref="Line"/> is the 1-based line in the source file, so every later
/// diagnostic can point back at the row. <see cref="Columns"/> keeps the raw cells for filtering.
/// </summary>
public sealed record RunPoint(
    int Line, Parameters Parameters, Tokens Tokens, Flops Flops, Loss Loss,
    string? RunId = null, double? Step = null, IReadOnlyDictionary<string, string>? Columns = null)
{
    /// <summary>A point with only the numbers, C = 6ND (for synthetic data and tests).</summary>
    public static RunPoint Of(double parameters, double tokens, double loss, string? runId = null, int line = 0) =>
        new(line, new(parameters), new(tokens), Flops.Of(new(parameters), new(tokens)), new(loss), runId);
}
