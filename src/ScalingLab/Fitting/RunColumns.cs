namespace ScalingLab.Fitting;

/// <summary>
/// Which header names mean which quantity. Names are compared case-insensitively with spaces,
/// underscores and hyphens treated alike, so "Model Size", "model_size" and "MODEL-SIZE" match.
/// </summary>
public static class RunColumns
{
    public static readonly IReadOnlyList<string> Parameters = ["params", "parameters", "n", "model size", "n params"];
    public static readonly IReadOnlyList<string> Tokens = ["tokens", "d", "training tokens"];
    public static readonly IReadOnlyList<string> Flops = ["flops", "c", "budget", "training flop", "training flops"];
    public static readonly IReadOnlyList<string> Loss = ["loss"];
    public static readonly IReadOnlyList<string> RunId = ["run", "run id", "runid", "id"];
    public static readonly IReadOnlyList<string> Step = ["step"];
    /// <summary>Compute for compute-only laws (vision, CLIP) in total forward GMACs, Cherti et al.'s unit.</summary>
    public static readonly IReadOnlyList<string> Gmacs = ["gmacs", "total gmacs"];
    /// <summary>The quantity a compute-only law predicts: an error rate (a loss is the Chinchilla form's).</summary>
    public static readonly IReadOnlyList<string> Metric = ["error", "metric"];

    public static string Normalise(string header) =>
        string.Join(' ', header.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The index of the first header matching one of the names, or -1.</summary>
    public static int Find(IReadOnlyList<string> headers, IReadOnlyList<string> names)
    {
        for (var i = 0; i < headers.Count; i++)
            if (names.Contains(Normalise(headers[i]))) return i;
        return -1;
    }
}
