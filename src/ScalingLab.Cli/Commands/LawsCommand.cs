using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Laws;

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
            var laws = LawCatalog.Presets.Select(d => (Def: d, Law: LawCatalog.Create(d))).ToList();
            if (p.GetValue(json))
            {
                var arr = new JsonArray();
                foreach (var (def, law) in laws)
                {
                    var o = JsonOutput.Law(law);
                    o["default"] = def.Name == LawCatalog.DefaultName;
                    o["notes"] = def.Notes;
                    o["kind"] = "loss";
                    arr.Add(o);
                }
                OtherLaws.AddJson(arr);
                JsonOutput.Write(ctx.Out, arr);
                return 0;
            }
            var t = Tables.New("Name", "Form", "Constants", "Source");
            foreach (var (def, law) in laws)
            {
                var name = def.Name + (def.Name == LawCatalog.DefaultName ? " (default)" : "");
                var constants = law is ChinchillaLaw
                    ? string.Join(", ", law.Constants.Select(kv => $"{kv.Key}={Fmt(kv.Value)}"))
                    : string.Join(", ", law.Constants.Where(kv => !kv.Key.StartsWith("frontier")).Select(kv => $"{kv.Key}={Fmt(kv.Value)}")) + "; Table 6 frontier";
                t.Row(name, law.Form, constants, law.Source.Short);
            }
            ctx.Console.Write(t);
            OtherLaws.Render(ctx.Console);
            return 0;
        });
        return cmd;
    }

    private static string Fmt(double v) => v.ToString(Math.Abs(v) >= 1e5 ? "0.##e0" : "0.####", CultureInfo.InvariantCulture);
}
