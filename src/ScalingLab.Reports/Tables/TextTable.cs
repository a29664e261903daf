namespace ScalingLab.Reports.Tables;

/// <summary>
/// A table as text, before anyone draws it: column headers (the first names the row labels, and
/// may be empty) and rows of cells. The terminal renders it as a box table, the HTML report as a
/// table element, so both show the same rows. Cells may hold ‹parameter› references
/// (<see cref="Units.ParameterRef"/>), which each renderer expands its own way.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<IReadOnlyList<string>> rows = [];

    public string? Caption { get; init; }

    /// <summary>Whether the first cell of each row labels it (drawn as a row header); false for lists such as assumptions.</summary>
    public bool RowLabels { get; init; } = true;
    public IReadOnlyList<string> Headers { get; } = headers;
    public IReadOnlyList<IReadOnlyList<string>> Rows => rows;

    /// <summary>Adds a row; with headers, it must have one cell per header.</summary>
    public TextTable Row(params string[] cells)
    {
        if (Headers.Count > 0 && cells.Length != Headers.Count)
            throw new ArgumentException($"expected {Headers.Count} cells, got {cells.Length}", nameof(cells));
        rows.Add(cells);
        return this;
    }
}
