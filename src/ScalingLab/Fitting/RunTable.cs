using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// The runs a fit sees, with a record of everything done to them on the way (derived columns,
/// dropped points, filters), so the report can say exactly what was fitted.
/// </summary>
public sealed record RunTable(string Source, IReadOnlyList<RunPoint> Points, IReadOnlyList<string> Notes)
{
    public bool HasRunIds => Points.Count > 0 && Points.All(p => p.RunId is not null);

    /// <summary>Drops the K highest-loss points (Besiroglu et al. 2024 drop five from the figure-4 data).</summary>
    public RunTable DropHighestLoss(int k)
    {
        if (k < 0) throw new InputException("dropTop", k.ToString(), "expected a count of 0 or more");
        if (k == 0) return this;
        if (k >= Points.Count)
            throw new InputException("dropTop", k.ToString(), $"expected fewer than the {Points.Count} points in {Source}");
        var dropped = Points.OrderByDescending(p => p.Loss.Value).Take(k).ToHashSet();
        var lines = string.Join(", ", dropped.OrderBy(p => p.Line).Select(p => p.Line));
        return this with
        {
            Points = Points.Where(p => !dropped.Contains(p)).ToList(),
            Notes = [.. Notes, $"dropped the {k} highest-loss points (lines {lines})"],
        };
    }

    /// <summary>Which header each quantity came from, when the table was read from a file.</summary>
    public RunTableColumns? Columns { get; init; }

    /// <summary>Keeps the rows whose column equals the value (case-insensitive text, or equal as numbers).</summary>
    public RunTable Where(string column, string value)
    {
        var known = Columns?.Headers ?? Points.FirstOrDefault()?.Columns?.Keys.ToList() ?? [];
        var key = known.FirstOrDefault(k => string.Equals(k, column.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException("where", $"{column}={value}", "expected a column of the file: " + string.Join(", ", known));
        var numeric = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v);
        bool Match(string? cell) => cell is not null && (
            string.Equals(cell.Trim(), value.Trim(), StringComparison.OrdinalIgnoreCase)
            || (numeric && double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var c) && c == v));
        // Columns read into quantities are compared as the numbers read (the row keeps no text for them).
        Func<RunPoint, bool> keep = Columns switch
        {
            { } m when key == m.Parameters => p => numeric && p.Parameters.Value == v,
            { } m when key == m.Tokens => p => numeric && p.Tokens.Value == v,
            { } m when key == m.Flops => p => numeric && p.Flops.Value == v,
            { } m when key == m.Loss => p => numeric && p.Loss.Value == v,
            { } m when key == m.Step => p => numeric && p.Step == v,
            { } m when key == m.RunId => p => Match(p.RunId),
            _ => p => p.Columns is { } cols && cols.TryGetValue(key, out var cell) && Match(cell),
        };
        var kept = Points.Where(keep).ToList();
        if (kept.Count == 0)
            throw new InputException("where", $"{column}={value}", $"no row of {Source} matches; expected a value present in column '{key}'");
        return this with { Points = kept, Notes = [.. Notes, $"kept the {kept.Count} rows where {key} = {value}"] };
    }

    public RunTable Without(Func<RunPoint, bool> drop, string note) =>
        this with { Points = Points.Where(p => !drop(p)).ToList(), Notes = [.. Notes, note] };
}
