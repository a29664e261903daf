namespace ScalingLab.Laws;

/// <summary>Where a constant comes from: the paper, the table or section, the year.</summary>
public sealed record Source(string Paper, string Where, int Year, string? Arxiv = null)
{
    /// <summary>"Besiroglu et al. 2024 (arXiv:2404.10102)": for tables and headers.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Short => Paper.Split(',')[0] + (Arxiv is null ? "" : $" (arXiv:{Arxiv})");

    public override string ToString() =>
        $"{Paper}, {Where}" + (Arxiv is null ? "" : $" (arXiv:{Arxiv})");
}
