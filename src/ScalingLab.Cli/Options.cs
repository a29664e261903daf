using System.CommandLine;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Cli;

/// <summary>Options shared by several verbs, and the helpers that turn their text into typed values.</summary>
public static class Options
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON (camelCase keys) instead of a table." };

    public static Option<string> Law() => new("--law")
    {
        Description = $"A preset law name (see `scalinglab laws`) or a law JSON file from `fit --out`. Default: {LawCatalog.DefaultName}.",
        DefaultValueFactory = _ => LawCatalog.DefaultName,
    };

    public static Option<string> Convention() => new("--flops-convention")
    {
        Description = "How training FLOPs per token are counted: " + string.Join(", ", FlopConventions.All.Select(c => c.Name())) + ". Default: sixN.",
        DefaultValueFactory = _ => "sixN",
    };

    public static Option<string> Budget(string description = "Training compute in FLOPs: 3.2e23, 5.76e23, or 120 PF-days.") =>
        new("--budget") { Description = description, HelpName = "FLOPS" };

    public static Option<string> Params(string description = "Model parameters: 7B, 350M, 1.3e9.") =>
        new("--params") { Description = description, HelpName = "N" };

    public static Option<string> Tokens(string description = "Training tokens: 1.4T, 300B, 2e12.") =>
        new("--tokens") { Description = description, HelpName = "D" };

    public static T? Optional<T>(ParseResult p, Option<string> option, Func<string, string, T> parse) where T : struct
    {
        var text = p.GetValue(option);
        return p.GetResult(option) is null || text is null ? null : parse(text, option.Name);
    }

    public static T Required<T>(ParseResult p, Option<string> option, Func<string, string, T> parse, string allowed) where T : struct =>
        Optional(p, option, parse) ?? throw new InputException(option.Name, "(missing)", allowed);

    public static IScalingLaw ResolveLaw(ParseResult p, Option<string> option) =>
        LawCatalog.Resolve(p.GetValue(option) ?? LawCatalog.DefaultName, option.Name);

    public static FlopConvention ResolveConvention(ParseResult p, Option<string> option) =>
        FlopConventions.Parse(p.GetValue(option) ?? "sixN", option.Name);

    /// <summary>An integer option checked against a range, with the standard one-line error.</summary>
    public static int Int(ParseResult p, Option<int> option, int min, int max) =>
        InputChecks.Range(p.GetValue(option), option.Name, min, max);

    /// <summary>A real-valued option that must be positive and finite, with the standard one-line error.</summary>
    public static double Positive(ParseResult p, Option<double> option, string allowed = "expected a positive number")
    {
        var v = p.GetValue(option);
        return v > 0 && double.IsFinite(v) ? v
            : throw new InputException(option.Name, v.ToString(System.Globalization.CultureInfo.InvariantCulture), allowed);
    }

    public static double Loss(string text, string field) =>
        QuantityParser.Positive(text, field, "expected a positive loss in nats per token, such as 2.1");
}
