using System.Diagnostics.CodeAnalysis;

namespace ScalingLab.Fitting;

/// <summary>
/// The cells of one row that no quantity was read from (a dataset or tokenizer column, kept for
/// filtering), looked up by header name case-insensitively. Rows share one name index, so a
/// million-row table costs one small array per row, not one dictionary.
/// </summary>
public sealed class RowCells(IReadOnlyDictionary<string, int> index, string[] values) : IReadOnlyDictionary<string, string>
{
    public string this[string key] => values[index[key]];
    public IEnumerable<string> Keys => index.Keys;
    public IEnumerable<string> Values => index.Keys.Select(k => this[k]);
    public int Count => index.Count;
    public bool ContainsKey(string key) => index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (index.TryGetValue(key, out var i)) { value = values[i]; return true; }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        index.Keys.Select(k => KeyValuePair.Create(k, this[k])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
