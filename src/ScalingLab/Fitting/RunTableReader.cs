using System.Globalization;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// Reads runs from CSV, TSV or JSONL (<see cref="TableRows"/>), in one pass, in time linear in the
/// rows. Columns are found by name (<see cref="RunColumns"/>); a name that appears twice is refused.
/// Tokens may be derived as C/(6N) when only compute is given, and compute as 6ND when only tokens
/// are given; the table's notes say so. Bad rows are reported with their line numbers in one
/// <see cref="InputException"/> (the first few listed, then a count); nothing is dropped silently.
/// </summary>
public static class RunTableReader
{
    public enum Format { Csv, Tsv, Jsonl }

    public static RunTable Read(string path, string field = "file")
    {
        using var rows = TableRows.Open(path, Detect(path, FirstLine(path, field)), field);
        return Build(rows, path, field);
    }

    public static RunTable Parse(string text, string source, Format format, string field = "file")
    {
        using var rows = TableRows.FromText(text, source, format, field);
        return Build(rows, source, field);
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

    /// <summary>
    /// (compute, metric) pairs for compute-only laws such as E = a (C + d)^-b + c. The compute column
    /// must be the one <paramref name="unit"/> names (gmacs, or flops and its aliases); the metric
    /// column an error or metric: a loss or a column of the other unit is refused, naming what was found.
    /// </summary>
    public static ComputeTable ReadCompute(string path, ComputeUnit unit = ComputeUnit.Gmacs, string field = "file")
    {
        using var raw = TableRows.Open(path, Detect(path, FirstLine(path, field)), field);
        var headers = raw.Headers;
        CheckDuplicates(headers, path, field);
        var found = "found columns: " + string.Join(", ", headers.Select(Clip));
        var (names, other) = unit == ComputeUnit.Gmacs ? (RunColumns.Gmacs, RunColumns.Flops) : (RunColumns.Flops, RunColumns.Gmacs);
        var c = RunColumns.Find(headers, names);
        if (c < 0)
        {
            var wrong = RunColumns.Find(headers, other);
            throw new InputException(field, path, wrong >= 0
                ? $"‹computeUnit› is {Name(unit)} but the compute column '{headers[wrong]}' holds {Name(unit == ComputeUnit.Gmacs ? ComputeUnit.Flops : ComputeUnit.Gmacs)}: give ‹computeUnit› {Name(unit == ComputeUnit.Gmacs ? ComputeUnit.Flops : ComputeUnit.Gmacs)} ({found})"
                : $"no {Name(unit)} column; expected one named {string.Join(", ", names)} ({found})");
        }
        var m = RunColumns.Find(headers, RunColumns.Metric);
        if (m < 0)
            throw new InputException(field, path, "no error column; the saturating form predicts an error rate from compute, in a column named "
                + string.Join(" or ", RunColumns.Metric) + (RunColumns.Find(headers, RunColumns.Loss) is var l and >= 0 ? $" (the column '{headers[l]}' is a loss: fit it with ‹form› chinchilla)" : "") + $" ({found})");
        var points = new List<ComputePoint>();
        var errors = new List<string>();
        foreach (var (line, cells) in raw.Rows(errors))
        {
            var problems = new List<string>();
            var cv = PositiveCell(cells[c], headers[c], problems);
            var mv = PositiveCell(cells[m], headers[m], problems);
            if (problems.Count > 0) { errors.Add($"line {line}: " + string.Join(", ", problems)); continue; }
            points.Add(new ComputePoint(line, cv, mv));
        }
        if (errors.Count > 0) throw BadRows(errors, path, field, "positive, finite compute and error");
        if (points.Count == 0) throw new InputException(field, path, "no runs after the header");
        return new ComputeTable(points, headers[c], headers[m],
            [$"read {points.Count} rows from {Path.GetFileName(path)}: compute '{headers[c]}' ({Name(unit)}), error '{headers[m]}'"]);
    }

    private static string Name(ComputeUnit unit) => unit.ToString().ToLowerInvariant();

    private static string FirstLine(string path, string field)
    {
        if (!File.Exists(path)) return "";
        try
        {
            using var r = new StreamReader(path);
            return r.ReadLine() ?? "";
        }
        catch (IOException e) { throw new InputException(field, path, $"could not be read ({e.Message})"); }
        catch (UnauthorizedAccessException) { throw new InputException(field, path, "could not be read (permission denied)"); }
    }

    private static void CheckDuplicates(IReadOnlyList<string> headers, string source, string field)
    {
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var key = RunColumns.Normalise(headers[i]);
            if (key.Length == 0) continue;
            if (seen.TryGetValue(key, out var first))
                throw new InputException(field, source, $"the column '{Clip(headers[i])}' appears twice in the header (columns {first + 1} and {i + 1}); expected each column once");
            seen[key] = i;
        }
    }

    private static double PositiveCell(string text, string col, List<string> problems)
    {
        if (text.Length == 0) problems.Add($"{Clip(col)} is missing");
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) problems.Add($"{Clip(col)} '{Clip(text)}' is not a number");
        else if (!double.IsFinite(v) || v <= 0) problems.Add($"{Clip(col)} '{Clip(text)}' must be positive and finite");
        else return v;
        return double.NaN;
    }

    // A cell quoted in a message is cut short (a damaged file's cell can be a whole binary blob) and
    // keeps the message on one line (a quoted cell may hold line breaks and other control characters).
    private static string Clip(string text)
    {
        var shown = text.Length <= 40 ? text : text[..37] + "...";
        return shown.Any(char.IsControl) ? string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : shown;
    }

    private static RunTable Build(TableRows raw, string source, string field)
    {
        var headers = raw.Headers;
        CheckDuplicates(headers, source, field);
        int Column(IReadOnlyList<string> names) => RunColumns.Find(headers, names);
        var (nCol, dCol, cCol, lCol, idCol, stepCol) = (Column(RunColumns.Parameters), Column(RunColumns.Tokens), Column(RunColumns.Flops),
            Column(RunColumns.Loss), Column(RunColumns.RunId), Column(RunColumns.Step));
        var found = "found columns: " + string.Join(", ", headers.Select(h => Clip(h)));
        if (nCol < 0) throw new InputException(field, source, "no parameters column; expected one named params, parameters, n or model size (" + found + ")");
        if (lCol < 0) throw new InputException(field, source, "no loss column; expected one named loss (" + found + ")");
        if (dCol < 0 && cCol < 0)
            throw new InputException(field, source, "no tokens or compute column; expected tokens/d/training tokens or flops/c/budget/training flop (" + found + ")");

        var mapped = new[] { nCol, dCol, cCol, lCol, idCol, stepCol }.Where(i => i >= 0).ToHashSet();
        var extra = Enumerable.Range(0, headers.Count).Where(i => !mapped.Contains(i) && headers[i].Length > 0).ToArray();
        var extraIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < extra.Length; k++) extraIndex[headers[extra[k]]] = k;

        var points = new List<RunPoint>();
        var errors = new List<string>();
        var problems = new List<string>();
        foreach (var (line, cells) in raw.Rows(errors))
        {
            problems.Clear();
            double Number(int col, bool required)
            {
                if (col < 0) return double.NaN;
                // An optional column may be blank; anything written in it must still be valid.
                if (!required && cells[col].Length == 0) return double.NaN;
                return PositiveCell(cells[col], headers[col], problems);
            }
            var n = Number(nCol, true);
            var d = Number(dCol, cCol < 0);
            var c = Number(cCol, dCol < 0);
            var l = Number(lCol, true);
            double? step = null;
            if (stepCol >= 0 && cells[stepCol] is { Length: > 0 } st)
            {
                if (double.TryParse(st, NumberStyles.Float, CultureInfo.InvariantCulture, out var sv) && sv >= 0 && double.IsFinite(sv)) step = sv;
                else problems.Add($"{Clip(headers[stepCol])} '{Clip(st)}' must be a non-negative number");
            }
            if (double.IsNaN(d) && !double.IsNaN(c) && !double.IsNaN(n)) d = c / (6 * n);
            if (double.IsNaN(c) && !double.IsNaN(d) && !double.IsNaN(n)) c = 6 * n * d;
            if (problems.Count == 0 && !(double.IsFinite(c) && double.IsFinite(d) && c > 0 && d > 0))
                problems.Add("tokens or compute derived from the others is not a positive finite number");
            if (problems.Count > 0) { errors.Add($"line {line}: " + string.Join(", ", problems)); continue; }
            var id = idCol < 0 || cells[idCol].Length == 0 ? null : cells[idCol];
            var columns = extra.Length == 0 ? null : new RowCells(extraIndex, extra.Select(i => cells[i]).ToArray());
            points.Add(new RunPoint(line, new(n), new(d), new(c), new(l), id, step, columns));
        }
        if (errors.Count > 0) throw BadRows(errors, source, field);
        if (points.Count == 0) throw new InputException(field, source, "no runs after the header");

        var notes = new List<string> { $"read {points.Count} rows from {Path.GetFileName(source)}: parameters '{Clip(headers[nCol])}', loss '{Clip(headers[lCol])}'"
            + (dCol < 0 ? "" : $", tokens '{Clip(headers[dCol])}'") + (cCol < 0 ? "" : $", compute '{Clip(headers[cCol])}'") };
        if (dCol < 0) notes.Add($"tokens derived as D = C/(6N) from '{Clip(headers[cCol])}' (no tokens column)");
        if (cCol < 0) notes.Add($"compute derived as C = 6ND from '{Clip(headers[dCol])}' (no compute column)");
        var map = new RunTableColumns(headers.ToList(), headers[nCol], dCol < 0 ? null : headers[dCol], cCol < 0 ? null : headers[cCol],
            headers[lCol], idCol < 0 ? null : headers[idCol], stepCol < 0 ? null : headers[stepCol]);
        return new RunTable(source, points, notes) { Columns = map };
    }

    private static InputException BadRows(List<string> errors, string source, string field,
        string needs = "positive, finite parameters and loss, and tokens or compute") =>
        new(field, source, $"{errors.Count:N0} bad row{(errors.Count == 1 ? "" : "s")}: " + TableRows.Summarise(errors)
            + ". Every row needs " + needs);
}
