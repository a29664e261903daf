using System.Globalization;
using System.Text.RegularExpressions;

namespace ScalingLab.Units;

/// <summary>
/// Parses the quantities people write: 7B, 1.4T, 350M, 3.2e23, 120 PF-days, 36h, 14d, $1.2M.
/// Anything ambiguous or malformed is an <see cref="InputException"/>, never a guess.
/// </summary>
public static partial class QuantityParser
{
    // K/M/B/T only: "G" would be read as giga by some and is not used for model sizes.
    private static readonly Dictionary<char, double> CountSuffixes = new()
    {
        ['K'] = 1e3, ['M'] = 1e6, ['B'] = 1e9, ['T'] = 1e12,
    };

    private static readonly Dictionary<string, double> DurationUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s"] = 1, ["sec"] = 1, ["m"] = 60, ["min"] = 60, ["h"] = 3600, ["hr"] = 3600,
        ["d"] = 86400, ["day"] = 86400, ["days"] = 86400, ["w"] = 7 * 86400, ["wk"] = 7 * 86400,
    };

    [GeneratedRegex(@"^(?<num>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?<suffix>[A-Za-z]*)$")]
    private static partial Regex NumberWithSuffix();

    [GeneratedRegex(@"^(?<num>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?:pf-?days?|pfd|pf-?day)$", RegexOptions.IgnoreCase)]
    private static partial Regex PetaflopDays();

    public static Parameters Parameters(string text, string field = "parameters") =>
        new(Count(text, field, "a positive count such as 7B, 350M, 1.3e9 (suffixes K, M, B, T)"));

    public static Tokens Tokens(string text, string field = "tokens") =>
        new(Count(text, field, "a positive count such as 1.4T, 300B, 2e12 (suffixes K, M, B, T)"));

    /// <summary>FLOPs as a plain or scientific number, or in petaflop/s-days ("120 PF-days").</summary>
    public static Flops Flops(string text, string field = "flops")
    {
        const string allowed = "a positive FLOP count such as 3.2e23, 5.76e23 or 120 PF-days";
        var t = Clean(text, field, allowed);
        var pfd = PetaflopDays().Match(t);
        if (pfd.Success)
            return new(Positive(ParseNumber(pfd.Groups["num"].Value, field, text, allowed) * Units.Flops.PerPetaflopDay, field, text, allowed));
        return new(Count(text, field, allowed));
    }

    /// <summary>A duration: a number with a unit (s, m, h, d, w); a bare number is ambiguous.</summary>
    public static Seconds Duration(string text, string field = "duration")
    {
        const string allowed = "a positive duration with a unit such as 36h, 14d, 90m, 2w";
        var t = Clean(text, field, allowed);
        var m = NumberWithSuffix().Match(t);
        if (!m.Success || !DurationUnits.TryGetValue(m.Groups["suffix"].Value, out var unit))
            throw new InputException(field, text, allowed);
        return new(Positive(ParseNumber(m.Groups["num"].Value, field, text, allowed) * unit, field, text, allowed));
    }

    /// <summary>Money in dollars: "$1.2M", "250k", "$40000".</summary>
    public static Dollars Dollars(string text, string field = "dollars")
    {
        const string allowed = "a positive amount up to $1e15 such as $1.2M, $250K or 40000";
        var t = Clean(text, field, allowed);
        if (t.StartsWith('$')) t = t[1..].TrimStart();
        var amount = Count(t.Replace(",", ""), field, allowed, original: text);
        // More than ten times the world's yearly output is a typo, not a budget or a price.
        return amount <= 1e15 ? new(amount) : throw new InputException(field, text, allowed);
    }

    /// <summary>A positive real number with no suffix (a loss, a ratio).</summary>
    public static double Positive(string text, string field, string allowed)
    {
        var t = Clean(text, field, allowed);
        return Positive(ParseNumber(t, field, text, allowed), field, text, allowed);
    }

    private static double Count(string text, string field, string allowed, string? original = null)
    {
        original ??= text;
        var t = Clean(text, field, allowed);
        var m = NumberWithSuffix().Match(t);
        if (!m.Success) throw new InputException(field, original, allowed);
        var value = ParseNumber(m.Groups["num"].Value, field, original, allowed);
        var suffix = m.Groups["suffix"].Value;
        if (suffix.Length > 1) throw new InputException(field, original, allowed);
        if (suffix.Length == 1)
        {
            if (!CountSuffixes.TryGetValue(char.ToUpperInvariant(suffix[0]), out var mult))
                throw new InputException(field, original, allowed);
            value *= mult;
        }
        return Positive(value, field, original, allowed);
    }

    private static string Clean(string? text, string field, string allowed)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InputException(field, text ?? "", allowed);
        return text.Trim().Replace("_", "");
    }

    private static double ParseNumber(string s, string field, string original, string allowed)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new InputException(field, original, allowed);
        return v;
    }

    private static double Positive(double v, string field, string original, string allowed)
    {
        if (!(v > 0) || !double.IsFinite(v)) throw new InputException(field, original, allowed);
        return v;
    }
}
