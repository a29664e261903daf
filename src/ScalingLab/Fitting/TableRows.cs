using System.Text.Json;
using nietras.SeparatedValues;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// The cells of a CSV, TSV or JSONL file, row by row, without holding the file in memory: a header
/// (the first non-blank row of a delimited file, the union of keys of a JSONL file) and rows that
/// each know their 1-based line. CSV and TSV go through Sep (quoted cells, doubled quotes, CRLF);
/// a row whose cell count differs from the header's is reported, not guessed at.
/// </summary>
public abstract class TableRows : IDisposable
{
    public const int ListedErrors = 10;

    public abstract IReadOnlyList<string> Headers { get; }

    /// <summary>The rows after the header: (line, cells in header order; a missing JSON key is "").</summary>
    public abstract IEnumerable<(int Line, string[] Cells)> Rows(List<string> errors);

    public virtual void Dispose() { }

    public static TableRows Open(string path, RunTableReader.Format format, string field)
    {
        if (Directory.Exists(path)) throw new InputException(field, path, "is a folder; expected a CSV, TSV or JSONL file of runs");
        if (!File.Exists(path)) throw new InputException(field, path, "expected an existing CSV, TSV or JSONL file of runs");
        try
        {
            return format == RunTableReader.Format.Jsonl ? new JsonlRows(File.ReadLines(path), path, field)
                : new DelimitedRows(Sep.New(format == RunTableReader.Format.Tsv ? '\t' : ','), r => r.FromFile(path), path, field);
        }
        catch (IOException e) { throw new InputException(field, path, $"could not be read ({e.Message})"); }
        catch (UnauthorizedAccessException) { throw new InputException(field, path, "could not be read (permission denied)"); }
    }

    public static TableRows FromText(string text, string source, RunTableReader.Format format, string field) =>
        format == RunTableReader.Format.Jsonl ? new JsonlRows(text.Replace("\r\n", "\n").Split('\n'), source, field)
            : new DelimitedRows(Sep.New(format == RunTableReader.Format.Tsv ? '\t' : ','), r => r.FromText(text), source, field);

    /// <summary>One line for many bad rows: the first <see cref="ListedErrors"/>, then how many more.</summary>
    public static string Summarise(List<string> errors) =>
        string.Join("; ", errors.Take(ListedErrors)) + (errors.Count > ListedErrors ? $"; and {errors.Count - ListedErrors:N0} more" : "");

    private sealed class DelimitedRows : TableRows
    {
        private readonly SepReader _reader;
        private readonly List<string> _headers = [];
        private readonly int _headerLine;
        private readonly string _source, _field;

        public DelimitedRows(Sep sep, Func<SepReaderOptions, SepReader> open, string source, string field)
        {
            (_source, _field) = (source, field);
            _reader = open(new SepReaderOptions(sep) { HasHeader = false, DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All });
            while (_reader.MoveNext())
            {
                var row = _reader.Current;
                if (IsBlank(row)) continue;
                for (var i = 0; i < row.ColCount; i++) _headers.Add(row[i].ToString().Trim());
                _headerLine = row.LineNumberFrom;
                return;
            }
            throw new InputException(field, source, "the file is empty; expected a header row and runs");
        }

        public override IReadOnlyList<string> Headers => _headers;

        public override IEnumerable<(int, string[])> Rows(List<string> errors)
        {
            while (_reader.MoveNext())
            {
                var row = _reader.Current;
                if (IsBlank(row)) continue;
                if (row.ColCount != _headers.Count)
                {
                    errors.Add($"line {row.LineNumberFrom}: {row.ColCount} cells, expected {_headers.Count}");
                    continue;
                }
                var cells = new string[row.ColCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString().Trim();
                yield return (row.LineNumberFrom, cells);
            }
        }

        private static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Trim().IsEmpty;

        public override void Dispose() => _reader.Dispose();
    }

    private sealed class JsonlRows : TableRows
    {
        private readonly List<(int Line, Dictionary<string, string>? Cells)> _rows = [];
        private readonly List<string> _headers = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

        // JSONL has no header: the keys of every object make one, so the file is read whole first.
        public JsonlRows(IEnumerable<string> lines, string source, string field)
        {
            var line = 0;
            foreach (var text in lines)
            {
                line++;
                if (text.Trim().Length == 0) continue;
                _rows.Add((line, Parse(text)));
            }
            if (_rows.Count == 0) throw new InputException(field, source, "the file is empty; expected one JSON object per line");
            // Lines that are not JSON objects are reported before any column is looked for: the keys are not known without them.
            var bad = _rows.Where(r => r.Cells is null).Select(r => $"line {r.Line}: not valid JSON (expected one object per line)").ToList();
            if (bad.Count > 0) throw new InputException(field, source, $"{bad.Count:N0} bad row{(bad.Count == 1 ? "" : "s")}: {Summarise(bad)}");
        }

        private Dictionary<string, string>? Parse(string text)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
                var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var prop in doc.RootElement.EnumerateObject())
                {
                    if (_index.TryAdd(prop.Name, _headers.Count)) _headers.Add(prop.Name);
                    cells[prop.Name] = prop.Value.ValueKind switch
                    {
                        JsonValueKind.String => prop.Value.GetString() ?? "",
                        JsonValueKind.Null => "",
                        _ => prop.Value.GetRawText(),
                    };
                }
                return cells;
            }
            catch (JsonException) { return null; }
        }

        public override IReadOnlyList<string> Headers => _headers;

        public override IEnumerable<(int, string[])> Rows(List<string> errors)
        {
            foreach (var (line, cells) in _rows)
            {
                yield return (line, _headers.Select(h => cells!.GetValueOrDefault(h, "")).ToArray());
            }
        }
    }
}
