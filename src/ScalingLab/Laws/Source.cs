namespace ScalingLab.Laws;

/// <summary>Where a constant comes from: the paper, the table or section, the year.</summary>
public sealed record Source(string Paper, string Where, int Year, string? Arxiv = null)
{
    public override string ToString() =>
        $"{Paper}, {Where}" + (Arxiv is null ? "" : $" (arXiv:{Arxiv})");
}
