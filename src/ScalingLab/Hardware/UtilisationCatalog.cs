using System.Text.Json;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// Published model-FLOPs utilisation and data-centre PUE figures (embedded Data/utilisation.json),
/// and the defaults a plan uses when the user gives none.
/// </summary>
public static class UtilisationCatalog
{
    public sealed record Entry(string Name, double Value, string Source, bool Default = false);

    private sealed record File(List<Entry> Mfu, List<Entry> Pue);

    private static readonly Lazy<File> Data = new(() => ScalingLab.Data.EmbeddedJson.Load<File>("utilisation.json"));

    public static IReadOnlyList<Entry> Mfu => Data.Value.Mfu;
    public static IReadOnlyList<Entry> Pue => Data.Value.Pue;

    public static SourcedFactor DefaultMfu => Of(Mfu.Single(e => e.Default));
    public static SourcedFactor DefaultPue => Of(Pue.Single(e => e.Default));

    /// <summary>A user MFU: a fraction in (0, 1], or the name of a published figure ("palm-540b").</summary>
    /// <summary>The lowest MFU taken: 0.1% (below it the figure is a typo, and budgets from it are nonsense).</summary>
    public const double MinMfu = 0.001;

    public static SourcedFactor ParseMfu(string text, string field = "mfu")
    {
        var named = Mfu.FirstOrDefault(e => string.Equals(e.Name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (named is not null) return Of(named);
        var allowed = $"a fraction from {MinMfu} to 1 such as 0.4, or a published figure: " + string.Join(", ", Mfu.Select(e => $"{e.Name} ({e.Value})"));
        var v = QuantityParser.Positive(text ?? "", field, allowed);
        if (v < MinMfu || v > 1) throw new InputException(field, text ?? "", allowed);
        return new SourcedFactor(v, "given by the user");
    }

    /// <summary>A user PUE: at least 1 (facility energy / IT energy), or a published figure's name.</summary>
    public static SourcedFactor ParsePue(string text, string field = "pue")
    {
        var named = Pue.FirstOrDefault(e => string.Equals(e.Name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (named is not null) return Of(named);
        var allowed = "a ratio from 1 to 10 such as 1.1, or " + string.Join(", ", Pue.Select(e => $"{e.Name} ({e.Value})"));
        var v = QuantityParser.Positive(text ?? "", field, allowed);
        if (v < 1 || v > 10) throw new InputException(field, text ?? "", allowed);
        return new SourcedFactor(v, "given by the user");
    }

    private static SourcedFactor Of(Entry e) => new(e.Value, $"{e.Name}: {e.Source}");
}
