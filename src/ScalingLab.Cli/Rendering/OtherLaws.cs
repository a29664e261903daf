using System.Globalization;
using System.Text.Json.Nodes;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>`laws`: the allocation rules, compute-only laws and hyperparameter rules beside the loss laws.</summary>
public static class OtherLaws
{
    public static void AddJson(JsonArray arr)
    {
        foreach (var r in AllocationRuleCatalog.Presets)
            arr.Add(new JsonObject
            {
                ["name"] = r.Name, ["kind"] = "allocationRule", ["family"] = "power-law allocation", ["form"] = r.Form,
                ["variable"] = r.Variable, ["coefficient"] = r.Prefactor, ["exponent"] = r.Exponent, ["computeUnit"] = r.ComputeUnit,
                ["parameterCounting"] = r.ParameterCounting, ["source"] = JsonOutput.Source(r.Source), ["default"] = false, ["notes"] = r.Notes,
            });
        foreach (var def in ComputeLawCatalog.Presets)
        {
            var law = SaturatingLaw.FromDefinition(def);
            var constants = new JsonObject();
            foreach (var (k, v) in law.Constants) constants[k] = v;
            arr.Add(new JsonObject
            {
                ["name"] = law.Name, ["kind"] = "compute", ["family"] = SaturatingLaw.FamilyName, ["form"] = law.Form, ["metric"] = law.Metric,
                ["computeUnit"] = law.ComputeUnit, ["constants"] = constants, ["source"] = JsonOutput.Source(law.Source), ["default"] = false, ["notes"] = def.Notes,
            });
        }
    }

    public static void Render(IAnsiConsole console)
    {
        var r = Tables.New("Allocation rule (N, D from C; no loss)", "Form", "Source");
        foreach (var rule in AllocationRuleCatalog.Presets)
            r.Row(rule.Name, rule.Form, $"{rule.Source.Paper.Split(',')[0]}, {rule.Source.Where}");
        console.Write(r);
        var c = Tables.New("Compute law (error from compute)", "Form", "Metric, compute unit", "Source");
        foreach (var def in ComputeLawCatalog.Presets)
        {
            var law = SaturatingLaw.FromDefinition(def);
            var constants = string.Join(", ", law.Constants.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key}={kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
            c.Row(law.Name, $"{law.Form}; {constants}", $"{law.Metric}; {(law.ComputeUnit == SaturatingLaw.Gmacs ? "total GMACs" : "training FLOPs")}", $"{law.Source.Paper.Split(',')[0]}, {law.Source.Where}");
        }
        console.Write(c);
        var h = Tables.New("Hyperparameter rule (plan --hyperparameters)", "Learning rate", "Batch", "Source");
        foreach (var rule in HyperparameterCatalog.Rules)
            h.Row(rule.Name, Power(rule.LearningRate), Power(rule.Batch), $"{rule.Source.Paper.Split(',')[0]}, {rule.Source.Where}");
        console.Write(h);
    }

    private static string Power(PowerRule p)
    {
        var x = p.Of == "parameters" ? "N" : "C";
        if (p.Reference is { } r) x = $"({x}/{Scientific(r)})";
        return $"{p.Coefficient.ToString("0.####", CultureInfo.InvariantCulture)} {x}^{p.Exponent.ToString("0.####", CultureInfo.InvariantCulture)}" + (p.Unit is { } u ? " " + u : "");
    }

    private static string Scientific(double v) => Units.QuantityFormat.Count(v);
}
