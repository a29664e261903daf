using System.CommandLine;
using System.Globalization;
using ScalingLab.Cli.Rendering;
using ScalingLab.Laws;
using ScalingLab.Schedule;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab laws`: every preset with its form, constants and source.</summary>
public static class LawsCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = Options.Json();
        var cmd = new Command("laws", "List the published scaling laws ScalingLab carries, with their constants and sources: loss laws L(N, D) (the default is " + LawCatalog.DefaultName + "), allocation rules (N and D from a budget, no loss) and compute-only laws (error from compute, e.g. CLIP). Each name works as `plan --law NAME`.") { json };
        cmd.SetAction(p =>
        {
            var laws = LawListing.All();
            if (p.GetValue(json)) JsonOutput.Write(ctx, laws);
            else Render(ctx, laws);
            return 0;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, IReadOnlyList<LawListing> laws)
    {
        var t = Tables.New("Name", "Form", "Constants", "Source");
        foreach (var l in laws.Where(l => l.Kind == LawKind.Loss))
        {
            var constants = l.Family == ChinchillaLaw.FamilyName
                ? string.Join(", ", l.Constants.Select(kv => $"{kv.Key}={Fmt(kv.Value)}"))
                : string.Join(", ", l.Constants.Where(kv => !kv.Key.StartsWith("frontier")).Select(kv => $"{kv.Key}={Fmt(kv.Value)}")) + "; Table 6 frontier";
            t.Row(l.Name + (l.Default ? " (default)" : ""), l.Form, constants, l.Source.Short);
        }
        ctx.Console.Write(t);
        var r = Tables.New("Allocation rule (N, D from C; no loss)", "Form", "Source");
        foreach (var l in laws.Where(l => l.Kind == LawKind.AllocationRule))
            r.Row(l.Name, l.Form, $"{l.Source.Paper.Split(',')[0]}, {l.Source.Where}");
        ctx.Console.Write(r);
        var c = Tables.New("Compute law (error from compute)", "Form", "Metric, compute unit", "Source");
        foreach (var l in laws.Where(l => l.Kind == LawKind.Compute))
        {
            var constants = string.Join(", ", l.Constants.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key}={kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
            c.Row(l.Name, $"{l.Form}; {constants}", $"{l.Metric}; {(l.ComputeUnit == ComputeUnit.Gmacs ? "total GMACs" : "training FLOPs")}", $"{l.Source.Paper.Split(',')[0]}, {l.Source.Where}");
        }
        ctx.Console.Write(c);
        var h = Tables.New("Hyperparameter rule (plan --hyperparameters)", "Learning rate", "Batch", "Source");
        foreach (var rule in LawListing.HyperparameterRules)
            h.Row(rule.Name, Power(rule.LearningRate), Power(rule.Batch), $"{rule.Source.Paper.Split(',')[0]}, {rule.Source.Where}");
        ctx.Console.Write(h);
    }

    private static string Power(PowerRule p)
    {
        var x = p.Of == "parameters" ? "N" : "C";
        if (p.Reference is { } r) x = $"({x}/{Units.QuantityFormat.Count(r)})";
        return $"{p.Coefficient.ToString("0.####", CultureInfo.InvariantCulture)} {x}^{p.Exponent.ToString("0.####", CultureInfo.InvariantCulture)}" + (p.Unit is { } u ? " " + u : "");
    }

    private static string Fmt(double v) => v.ToString(Math.Abs(v) >= 1e5 ? "0.##e0" : "0.####", CultureInfo.InvariantCulture);
}
