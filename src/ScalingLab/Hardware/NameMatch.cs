namespace ScalingLab.Hardware;

/// <summary>
/// Close-match suggestions for a mistyped name ("H1000" -> H100-SXM), by Levenshtein distance on
/// names normalised to lower case without spaces, dashes or underscores.
/// </summary>
public static class NameMatch
{
    public static string Normalise(string s) =>
        new(s.ToLowerInvariant().Where(c => c is not (' ' or '-' or '_' or '.')).ToArray());

    /// <summary>Edit distance: insertions, deletions and substitutions each cost one.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>
    /// The canonical names whose name or an alias is within a third of the query's length (at
    /// least 2 edits) of the query, closest first; at most <paramref name="max"/>.
    /// </summary>
    public static IReadOnlyList<string> Closest(string query, IEnumerable<(string Canonical, IEnumerable<string> Spellings)> candidates, int max = 5)
    {
        var q = Normalise(query);
        var limit = Math.Max(2, q.Length / 3);
        return candidates
            .Select(c => (c.Canonical, Best: c.Spellings.Append(c.Canonical).Min(s => Distance(q, Normalise(s)))))
            .Where(c => c.Best <= limit)
            .OrderBy(c => c.Best).ThenBy(c => c.Canonical, StringComparer.OrdinalIgnoreCase)
            .Select(c => c.Canonical)
            .Take(max)
            .ToList();
    }
}
