using System.Text.RegularExpressions;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>A number of identical accelerators: "256xH100", "8 x A100-80GB", "4xcpu:cores=64,ghz=2.4,flops-per-cycle=32".</summary>
public sealed partial record Cluster(int Count, Accelerator Accelerator)
{
    public const int MaxCount = 10_000_000;
    private const string Allowed = "COUNTxNAME such as 256xH100 or 8xA100-80GB (see `scalinglab hardware`), or a bare count with ‹instance›";

    // The count is anything number-like before the x, so "2.5xH100" is blamed on its count, not its name.
    [GeneratedRegex(@"^(?<count>[0-9][0-9.,_eE+-]*)\s*[x×*]\s*(?<name>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex CountAndName();

    public override string ToString() => $"{Count} x {Accelerator.Name}";

    /// <summary>The cluster's dense peak in FLOP/s at a precision.</summary>
    public double PeakFlopsPerSecond(Precision precision) => Count * Accelerator.PeakFlopsPerSecond(precision);

    /// <summary>
    /// Parses COUNTxNAME; a bare COUNT takes its accelerator from <paramref name="fallback"/> (an
    /// instance's), and is an error without one.
    /// </summary>
    public static Cluster Parse(string text, HardwareCatalog catalog, Accelerator? fallback = null, string field = "accelerators")
    {
        var t = text?.Trim() ?? "";
        var m = CountAndName().Match(t);
        var bare = t.Length > 0 && t.All(char.IsAsciiDigit);
        if (!m.Success && !bare) throw new InputException(field, text ?? "", "expected " + Allowed);
        // The count first: "2.5xH100" is a bad count, whatever the name.
        if (!int.TryParse(m.Success ? m.Groups["count"].Value : t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count < 1 || count > MaxCount)
            throw new InputException(field, text ?? "", $"the count must be a whole number of accelerators from 1 to {MaxCount:N0}");
        var accelerator = m.Success ? Named(m.Groups["name"].Value.Trim(), catalog, field)
            : fallback ?? throw new InputException(field, text ?? "", $"a bare count needs {ParameterRef.To("instance")} to say which accelerator; expected " + Allowed);
        if (accelerator.Describable) throw Undescribed(text ?? "", field);
        return new Cluster(count, accelerator);
    }

    /// <summary>
    /// As <see cref="Parse"/>, or a bare NAME: an accelerator with no count, which prices FLOPs
    /// but gives no wall clock or layout.
    /// </summary>
    public static (int? Count, Accelerator Accelerator) ParseCountOptional(string text, HardwareCatalog catalog, Accelerator? fallback, string field)
    {
        var t = text?.Trim() ?? "";
        if (CountAndName().IsMatch(t) || (t.Length > 0 && t.All(char.IsAsciiDigit)))
        {
            var c = Parse(t, catalog, fallback, field);
            return (c.Count, c.Accelerator);
        }
        // "-8xH100", "2.5xH100", "0x10xH100": a count was meant, and it is the count that is wrong.
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^[-+]?[\d.,]+\s*[xX×*]"))
            throw new InputException(field, text ?? "", $"the count must be a whole number of accelerators from 1 to {MaxCount:N0}");
        return (null, Named(t, catalog, field));
    }

    private static Accelerator Named(string name, HardwareCatalog catalog, string field)
    {
        var a = CpuDescription.IsDescription(name) ? CpuDescription.Parse(name, field) : catalog.Accelerator(name, field);
        return a.Describable ? throw Undescribed(name, field) : a;
    }

    private static InputException Undescribed(string text, string field) =>
        new(field, text, "describe the CPU: cpu:cores=64,ghz=2.4,flops-per-cycle=32[,memory-gb=512][,watts=360]");
}
