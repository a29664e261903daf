namespace ScalingLab.Fitting;

/// <summary>Which header of a run file each quantity was read from (null where the file has none), and every header.</summary>
public sealed record RunTableColumns(IReadOnlyList<string> Headers, string Parameters, string? Tokens, string? Flops, string Loss,
    string? RunId, string? Step);
