using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// Reads runs from CSV, TSV or JSONL. Columns are found by name (<see cref="RunColumns"/>).
/// Tokens may be derived as C/(6N) when only compute is given, and compute as 6ND when only
/// tokens are given; the table's notes say so. Every bad row is reported with its line number
/// in one <see cref="InputException"/>; nothing is dropped silently.
/// </summary>
public static class RunTableReader
{
    public enum Format { Csv, Tsv, Jsonl }

    public static RunTable Read(string path, string field = "FILE")
    {
        if (!File.Exists(path)) throw new InputException(field, path, "expected an existing CSV, TSV or JSONL file of runs");
        return Parse(File.ReadAllText(path), path, Detect(path, File.ReadLines(path).FirstOrDefault() ?? ""), field);
    }

    public static Format Detect(string path, string firstLine)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".jsonl" or ".ndjson") return Format.Jsonl;
        if (ext == ".tsv") return Format.Tsv;
        if (ext == ".csv") return Format.Csv;
        if (firstLine.TrimStart().StartsWith('{')) return Format.Jsonl;
        return firstLine.Contains('\t') ? Format.Tsv : Format.Csv;
    }

    public static RunTable Parse(string text, string source, Format format, string field = "FILE")
    {
        var rows = Rows(text, source, format, field);
        return Build(rows.Headers, rows.Rows, source, field);
    }

    /// <summary>(compute, metric) pairs for compute-only laws such as E = a (C + d)^-b + c.</summary>
    public static IReadOnlyList<ComputePoint> ReadCompute(string path, string field = "FILE")
    {
        if (!File.Exists(path)) throw new InputException(field, path, "expected an existing CSV, TSV or JSONL file of runs");
        var raw = Rows(File.ReadAllText(path), path, Detect(path, File.ReadLines(path).FirstOrDefault() ?? ""), field);
        string? Column(IReadOnlyList<string> names) { var i = RunColumns.Find(raw.Headers, names); return i < 0 ? null : raw.Headers[i]; }
        var found = "found columns: " + string.Join(", ", raw.Headers);
        var cCol = Column(RunColumns.Compute) ?? throw new InputException(field, path, "no compute column; expected one named compute, gmacs, flops, c or budget (" + found + ")");
        var mCol = Column(RunColumns.Metric) ?? throw new InputException(field, path, "no metric column; expected one named error, metric or loss (" + found + ")");
        var points = new List<ComputePoint>();
        var errors = new List<string>();
        foreach (var (line, cells) in raw.Rows)
        {
            var c = PositiveCell(cells, cCol, out var ce);
            var m = PositiveCell(cells, mCol, out var me);
            if (ce is not null || me is not null) { errors.Add($"line {line}: " + string.Join(", ", new[] { ce, me }.Where(e => e is not null))); continue; }
            points.Add(new ComputePoint(line, c, m));
        }
        if (errors.Count > 0) throw BadRows(errors, path, field, "positive, finite compute and metric");
        if (points.Count == 0) throw new InputException(field, path, "no runs after the header");
        return points;
    }

    private static double PositiveCell(Dictionary<string, string> cells, string col, out string? error)
    {
        var text = cells.GetValueOrDefault(col, "").Trim();
        error = null;
        if (text.Length == 0) error = $"{col} is missing";
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) error = $"{col} '{text}' is not a number";
        else if (!double.IsFinite(v) || v <= 0) error = $"{col} '{text}' must be positive and finite";
        else return v;
        return double.NaN;
    }

    private static RawRows Rows(string text, string source, Format format, string field) =>
        format == Format.Jsonl ? JsonRows(text, source, field) : DelimitedRows(text, format == Format.Tsv ? '\t' : ',', source, field);

    private sealed record RawRows(List<string> Headers, List<(int Line, Dictionary<string, string> Cells)> Rows);

    private static RawRows DelimitedRows(string text, char sep, string source, string field)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerIndex < 0) throw new InputException(field, source, "the file is empty; expected a header row and runs");
        var headers = SplitLine(lines[headerIndex], sep).Select(h => h.Trim()).ToList();
        var rows = new List<(int, Dictionary<string, string>)>();
        var errors = new List<string>();
        for (var i = headerIndex + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = SplitLine(lines[i], sep);
            if (cells.Count != headers.Count)
            {
                errors.Add($"line {i + 1}: {cells.Count} cells, expected {headers.Count}");
                continue;
            }
            rows.Add((i + 1, headers.Zip(cells).ToDictionary(p => p.First, p => p.Second.Trim(), StringComparer.OrdinalIgnoreCase)));
        }
        if (errors.Count > 0) throw BadRows(errors, source, field);
        return new RawRows(headers, rows);
    }

    // RFC 4180: quoted cells may hold the separator and doubled quotes.
    private static List<string> SplitLine(string line, char sep)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == sep) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private static RawRows JsonRows(string text, string source, string field)
    {
        var headers = new List<string>();
        var rows = new List<(int, Dictionary<string, string>)>();
        var errors = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) { errors.Add($"line {i + 1}: not a JSON object"); continue; }
                var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var prop in doc.RootElement.EnumerateObject())
                {
                    if (!headers.Contains(prop.Name, StringComparer.OrdinalIgnoreCase)) headers.Add(prop.Name);
                    cells[prop.Name] = prop.Value.ValueKind switch
                    {
                        JsonValueKind.String => prop.Value.GetString() ?? "",
                        JsonValueKind.Null => "",
                        _ => prop.Value.GetRawText(),
                    };
                }
                rows.Add((i + 1, cells));
            }
            catch (JsonException)
            {
                errors.Add($"line {i + 1}: not valid JSON");
            }
        }
        if (errors.Count > 0) throw BadRows(errors, source, field);
        if (rows.Count == 0) throw new InputException(field, source, "the file is empty; expected one JSON object per line");
        return new RawRows(headers, rows);
    }

    private static RunTable Build(List<string> headers, List<(int Line, Dictionary<string, string> Cells)> rows, string source, string field)
    {
        string? Column(IReadOnlyList<string> names) { var i = RunColumns.Find(headers, names); return i < 0 ? null : headers[i]; }
        var nCol = Column(RunColumns.Parameters);
        var dCol = Column(RunColumns.Tokens);
        var cCol = Column(RunColumns.Flops);
        var lCol = Column(RunColumns.Loss);
        var idCol = Column(RunColumns.RunId);
        var stepCol = Column(RunColumns.Step);
        var found = "found columns: " + string.Join(", ", headers);
        if (nCol is null) throw new InputException(field, source, "no parameters column; expected one named params, parameters, n or model size (" + found + ")");
        if (lCol is null) throw new InputException(field, source, "no loss column; expected one named loss (" + found + ")");
        if (dCol is null && cCol is null)
            throw new InputException(field, source, "no tokens or compute column; expected tokens/d/training tokens or flops/c/budget/training flop (" + found + ")");
        if (rows.Count == 0) throw new InputException(field, source, "no runs after the header");

        var notes = new List<string> { $"read {rows.Count} rows from {Path.GetFileName(source)}: parameters '{nCol}', loss '{lCol}'"
            + (dCol is null ? "" : $", tokens '{dCol}'") + (cCol is null ? "" : $", compute '{cCol}'") };
        if (dCol is null) notes.Add($"tokens derived as D = C/(6N) from '{cCol}' (no tokens column)");
        if (cCol is null) notes.Add($"compute derived as C = 6ND from '{dCol}' (no compute column)");

        var points = new List<RunPoint>();
        var errors = new List<string>();
        foreach (var (line, cells) in rows)
        {
            var problems = new List<string>();
            double Number(string? col, bool required)
            {
                if (col is null) return double.NaN;
                // An optional column may be blank; anything written in it must still be valid.
                if (!required && cells.GetValueOrDefault(col, "").Trim().Length == 0) return double.NaN;
                var v = PositiveCell(cells, col, out var error);
                if (error is not null) problems.Add(error);
                return v;
            }
            var n = Number(nCol, true);
            var d = Number(dCol, cCol is null);
            var c = Number(cCol, dCol is null);
            var l = Number(lCol, true);
            double? step = null;
            if (stepCol is not null && cells.GetValueOrDefault(stepCol, "").Trim() is { Length: > 0 } st)
            {
                if (double.TryParse(st, NumberStyles.Float, CultureInfo.InvariantCulture, out var sv) && sv >= 0) step = sv;
                else problems.Add($"{stepCol} '{st}' must be a non-negative number");
            }
            if (problems.Count > 0) { errors.Add($"line {line}: " + string.Join(", ", problems)); continue; }
            if (double.IsNaN(d)) d = c / (6 * n);
            if (double.IsNaN(c)) c = 6 * n * d;
            var id = idCol is null ? null : cells.GetValueOrDefault(idCol);
            points.Add(new RunPoint(line, new(n), new(d), new(c), new(l), string.IsNullOrEmpty(id) ? null : id, step, cells));
        }
        if (errors.Count > 0) throw BadRows(errors, source, field);
        return new RunTable(source, points, notes);
    }

    private static InputException BadRows(List<string> errors, string source, string field,
        string needs = "positive, finite parameters and loss, and tokens or compute") =>
        new(field, source, $"{errors.Count} bad row{(errors.Count == 1 ? "" : "s")}: " + string.Join("; ", errors)
            + ". Every row needs " + needs);
}
