using ScalingLab.Units;
using System.Globalization;
using System.Text.Json;
using nietras.SeparatedValues;

namespace ScalingLab.Fitting.Readers;

/// <summary>
/// Training logs kept as tables, one row per logged step:
/// W&amp;B's run-history export (a <c>_step</c> column and one column per metric: one run per file,
/// named by the file); W&amp;B's chart export (<c>Step</c> and <c>RUN - METRIC</c> columns, with
/// <c>__MIN</c>/<c>__MAX</c> companions that are skipped: several runs per file); and any other CSV,
/// TSV or JSONL once its columns are named (<see cref="LogOptions"/>: loss, step, tokens, parameters, run).
/// A table of none of these shapes, or a mapping to a column it lacks, is bad input.
/// </summary>
public static class TabularLogReader
{
    private sealed record Table(List<string> Headers, List<(int Line, Dictionary<string, string> Cells)> Rows);

    public static bool Looks(string path)
    {
        if (!Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase)) return false;
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        return IsHistory(Split(header)) || IsChart(Split(header));
    }

    public static IReadOnlyList<LogRun> Read(string path, LogOptions o, string field = "FILE")
    {
        var t = Load(path, field);
        if (o.MapsColumns) return Mapped(t, path, o, field);
        if (IsHistory(t.Headers)) return [History(t, path, "_step")];
        if (IsChart(t.Headers)) return Chart(t, path);
        throw new InputException(field, path, "unknown log shape: not a W&B history (_step) or chart export (Step, RUN - METRIC) and no columns named; "
            + $"give {Units.ParameterRef.To("lossColumn")} and {Units.ParameterRef.To("stepColumn")} or {Units.ParameterRef.To("tokensColumn")} (columns: {string.Join(", ", t.Headers.Take(20))})");
    }

    private static bool IsHistory(IReadOnlyList<string> headers) => headers.Contains("_step");
    private static bool IsChart(IReadOnlyList<string> headers) => headers.Contains("Step") && headers.Any(h => h.Contains(" - ", StringComparison.Ordinal));

    private static LogRun History(Table t, string path, string stepColumn, string? run = null)
    {
        var rows = new List<LogRow>();
        foreach (var (line, cells) in t.Rows)
        {
            if (!Number(cells.GetValueOrDefault(stepColumn), out var step)) continue;
            rows.Add(new LogRow(step, Metrics(cells), line));
        }
        return new LogRun(run ?? Path.GetFileNameWithoutExtension(path), path, rows);
    }

    private static IReadOnlyList<LogRun> Chart(Table t, string path)
    {
        var runs = new Dictionary<string, List<LogRow>>(StringComparer.Ordinal);
        foreach (var (line, cells) in t.Rows)
        {
            if (!Number(cells.GetValueOrDefault("Step"), out var step)) continue;
            foreach (var (header, cell) in cells)
            {
                var cut = header.LastIndexOf(" - ", StringComparison.Ordinal);
                if (cut < 0 || header.EndsWith("__MIN", StringComparison.Ordinal) || header.EndsWith("__MAX", StringComparison.Ordinal) || !Number(cell, out var v)) continue;
                var (run, metric) = (header[..cut], header[(cut + 3)..]);
                if (!runs.TryGetValue(run, out var rows)) runs[run] = rows = [];
                if (rows.Count == 0 || rows[^1].Step != step) rows.Add(new LogRow(step, new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase), line));
                ((Dictionary<string, double>)rows[^1].Metrics)[metric] = v;
            }
        }
        return runs.Select(kv => new LogRun(kv.Key, path, kv.Value)).ToList();
    }

    private static IReadOnlyList<LogRun> Mapped(Table t, string path, LogOptions o, string field)
    {
        string Column(string? name, string parameter) =>
            t.Headers.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException(parameter, name!, $"no such column in {path}; it has: {string.Join(", ", t.Headers.Take(30))}");
        var step = o.StepColumn is null ? null : Column(o.StepColumn, "stepColumn");
        var run = o.RunColumn is null ? null : Column(o.RunColumn, "runColumn");
        var parameters = o.ParametersColumn is null ? null : Column(o.ParametersColumn, "parametersColumn");
        if (o.LossColumn is not null) Column(o.LossColumn, "lossColumn");
        if (o.TokensColumn is not null) Column(o.TokensColumn, "tokensColumn");
        if (step is null && o.TokensColumn is null)
            throw new InputException("stepColumn", "(missing)", $"name the step column or the tokens column of {path} ({string.Join(", ", t.Headers.Take(30))})");
        var groups = t.Rows.GroupBy(r => run is null ? Path.GetFileNameWithoutExtension(path) : r.Cells.GetValueOrDefault(run, ""));
        var runs = new List<LogRun>();
        foreach (var g in groups)
        {
            double? n = null;
            if (parameters is not null)
            {
                var first = g.First();
                if (!Number(first.Cells.GetValueOrDefault(parameters), out var nv) || nv <= 0)
                    throw new InputException(field, path, $"line {first.Line}: {parameters} '{first.Cells.GetValueOrDefault(parameters)}' must be a positive number");
                n = nv;
            }
            var rows = g.Select((r, i) => new LogRow(step is not null && Number(r.Cells.GetValueOrDefault(step), out var s) ? s : i, Metrics(r.Cells), r.Line)).ToList();
            runs.Add(new LogRun(g.Key, path, rows, n, n is null ? null : $"column '{parameters}'"));
        }
        return runs;
    }

    private static Dictionary<string, double> Metrics(Dictionary<string, string> cells)
    {
        var m = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in cells) if (Number(v, out var x)) m[k] = x;
        return m;
    }

    private static bool Number(string? text, out double v) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    private static Table Load(string path, string field)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var text = File.ReadAllText(path);
        if (ext is ".jsonl" or ".ndjson" || text.TrimStart().StartsWith('{')) return Json(text, path, field);
        var headers = new List<string>();
        var rows = new List<(int, Dictionary<string, string>)>();
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, Sep = ext == ".tsv" ? new Sep('\t') : null }).FromText(text);
            headers.AddRange(reader.Header.ColNames);
            foreach (var row in reader)
            {
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < headers.Count; i++) cells[headers[i]] = row[i].ToString();
                rows.Add((row.LineNumberFrom, cells));
            }
        }
        catch (InvalidDataException e) { throw new InputException(field, path, $"not a readable table ({e.Message.TrimEnd('.')})"); }
        if (headers.Count == 0) throw new InputException(field, path, "the file is empty; expected a header row and logged steps");
        return new Table(headers, rows);
    }

    private static Table Json(string text, string path, string field)
    {
        var headers = new List<string>();
        var rows = new List<(int, Dictionary<string, string>)>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException(field, path, $"line {i + 1}: not a JSON object");
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (!headers.Contains(p.Name)) headers.Add(p.Name);
                    cells[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText();
                }
                rows.Add((i + 1, cells));
            }
            catch (JsonException) { throw new InputException(field, path, $"line {i + 1}: not valid JSON; expected one JSON object per line"); }
        }
        return new Table(headers, rows);
    }

    private static List<string> Split(string header) => header.Split(',').Select(h => h.Trim().Trim('"')).ToList();
}
