using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Cli;

/// <summary>
/// Typed options: each parses its text once, during command-line parsing, into the library's type
/// (a quantity, a bounded number, an enum, a resolved law); a bad value is a parse error naming the
/// flag, the value and what is allowed, so handlers only ever see valid values.
/// </summary>
public static class Options
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON (camelCase keys) instead of a table." };

    /// <summary>An option whose text <paramref name="parse"/> turns into <typeparamref name="T"/>; absent is null.</summary>
    public static Option<T?> Parsed<T>(string name, string description, string helpName, Func<string, string, T> parse) where T : struct =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => Convert(r, name, text => (T?)parse(text, name)),
        };

    /// <summary>As <see cref="Parsed{T}"/> for reference types (files, catalog entries); absent is null, or <paramref name="fallback"/>'s value.</summary>
    public static Option<T> Resolved<T>(string name, string description, string helpName, Func<string, string, T> parse, Func<T>? fallback = null) where T : class
    {
        var o = new Option<T>(name) { Description = description, HelpName = helpName, CustomParser = r => Convert(r, name, text => parse(text, name))! };
        if (fallback is not null) o.DefaultValueFactory = _ => fallback();
        return o;
    }

    public static Option<Flops?> Budget(string description = "Training compute in FLOPs: 3.2e23, 5.76e23, or 120 PF-days.") =>
        Parsed<Flops>("--budget", description, "FLOPS", (t, f) => UsableRange.Within(QuantityParser.Flops(t, f), f, t));

    public static Option<Parameters?> Params(string description = "Model parameters: 7B, 350M, 1.3e9.") =>
        Parsed<Parameters>("--params", description, "N", (t, f) => UsableRange.Within(QuantityParser.Parameters(t, f), f, t));

    public static Option<Tokens?> Tokens(string description = "Training tokens: 1.4T, 300B, 2e12.", string name = "--tokens") =>
        Parsed<Units.Tokens>(name, description, "D", (t, f) => UsableRange.Within(QuantityParser.Tokens(t, f), f, t));

    public static Option<Loss?> Loss(string name, string description) =>
        Parsed<Units.Loss>(name, description, "LOSS", (t, f) => new Units.Loss(QuantityParser.Positive(t, f, "expected a positive loss in nats per token, such as 2.1")));

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Int(string name, string description, int min, int max, int? defaultValue = null, string? helpName = null)
    {
        var o = new Option<int>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => Convert(r, name, text =>
                int.TryParse(text.Trim().Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                    ? InputChecks.Range(v, name, min, max)
                    : throw new InputException(name, text, $"expected an integer from {min} to {max}")),
        };
        if (defaultValue is { } d) o.DefaultValueFactory = _ => d;
        return o;
    }

    /// <summary>A finite real number in [<paramref name="min"/>, <paramref name="max"/>] (or (min, max] when <paramref name="minExclusive"/>).</summary>
    public static Option<double> Real(string name, string description, double min, double max, double? defaultValue = null,
        bool minExclusive = false, string? helpName = null)
    {
        var allowed = $"expected a number {(minExclusive ? "above" : "from")} {min.ToString(CultureInfo.InvariantCulture)} {(minExclusive ? "and at most" : "to")} {max.ToString(CultureInfo.InvariantCulture)}";
        var o = new Option<double>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => Convert(r, name, text =>
                double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                && (minExclusive ? v > min : v >= min) && v <= max
                    ? v : throw new InputException(name, text, allowed)),
        };
        if (defaultValue is { } d) o.DefaultValueFactory = _ => d;
        return o;
    }

    /// <summary>One of a fixed set of names (case-insensitive), each standing for a value.</summary>
    public static Option<T> Choice<T>(string name, string description, IReadOnlyList<(string Name, T Value)> choices, T defaultValue) where T : notnull
    {
        var names = choices.Select(c => c.Name).Distinct().ToList();
        var allowed = "expected " + (names.Count == 1 ? names[0] : string.Join(", ", names.SkipLast(1)) + " or " + names[^1]);
        return new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join("|", choices.Select(c => c.Name).Distinct()),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => Convert(r, name, text =>
                choices.FirstOrDefault(c => string.Equals(c.Name, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { Name: not null } hit
                    ? hit.Value : throw new InputException(name, text, allowed)),
        };
    }

    public static Option<ResolvedLaw> Law() => Resolved("--law",
        $"A preset law or rule name (see `scalinglab laws`) or a law JSON file from `fit --out`. Default: {LawCatalog.DefaultName}.",
        "NAME|FILE", (text, field) => LawResolver.Resolve(text, field), () => new ResolvedLaw.LossLaw(LawCatalog.Default));

    public static Option<FlopConvention> Convention() => Choice("--flops-convention",
        "How training FLOPs per token are counted. Default: sixN.",
        FlopConventions.All.Select(c => (c.Name(), c)).ToList(), FlopConvention.SixN);

    /// <summary>The value of an option the command cannot do without.</summary>
    public static T Required<T>(ParseResult p, Option<T?> option, string allowed) where T : struct =>
        p.GetValue(option) ?? throw new InputException(option.Name, "(missing)", allowed);

    /// <summary>Whether the user wrote the option (a default value does not count).</summary>
    public static bool Given(this ParseResult p, Option option) => p.GetResult(option) is { Implicit: false };

    /// <summary>A loss law, or an error when --law named a rule or a compute-only law.</summary>
    public static IScalingLaw LossLaw(ParseResult p, Option<ResolvedLaw> option) => p.GetValue(option) switch
    {
        ResolvedLaw.LossLaw l => l.Law,
        var other => throw new InputException(option.Name, other?.Name ?? "", "expected a loss law L(N, D) (see `scalinglab laws`); this one is an allocation rule or a compute-only law"),
    };

    /// <summary>Runs a parser on an option's text, turning its InputException into a parse error.</summary>
    public static T? ParseOrError<T>(ArgumentResult r, string name, Func<string, T> parse) => Convert(r, name, parse);

    private static T? Convert<T>(ArgumentResult r, string name, Func<string, T> parse)
    {
        if (r.Tokens.Count == 0)
        {
            r.AddError($"{name}: a value is missing");
            return default;
        }
        try
        {
            return parse(r.Tokens[^1].Value);
        }
        catch (InputException e)
        {
            r.AddError(e.Describe(new Flags(null).Name));
            return default;
        }
    }
}
