using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Allocation;
using ScalingLab.Cli.Rendering;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab predict`: the loss a law predicts at one (N, D).</summary>
public static class PredictCommand
{
    public static Command Create(CliContext ctx)
    {
        var law = Options.Law();
        var pars = Options.Params();
        var tokens = Options.Tokens();
        var unique = new Option<string>("--unique-tokens") { Description = "Only this many unique tokens exist: D beyond them is repeated epochs, worth D' < D (Muennighoff et al. 2023).", HelpName = "U" };
        var json = Options.Json();
        var cmd = new Command("predict", """
            The loss a law predicts for N parameters trained on D tokens, the FLOPs that costs
            (6ND), and the best loss the same compute could buy with the optimal split.
            With --unique-tokens, D' (effective tokens) and N' replace D and N in the law.
            Examples:
              scalinglab predict --law hoffmann2022 --params 70B --tokens 1.4T
              scalinglab predict --law muennighoff2023 --params 8B --tokens 800B --unique-tokens 100B
            """)
        { law, pars, tokens, unique, json };
        cmd.SetAction(p =>
        {
            var l = Options.ResolveLaw(p, law);
            var n = Options.Required(p, pars, QuantityParser.Parameters, "expected a parameter count such as 7B");
            var d = Options.Required(p, tokens, QuantityParser.Tokens, "expected a token count such as 1.4T");
            var repeated = Options.Optional(p, unique, QuantityParser.Tokens) is { } u ? DataConstrainedAllocator.AtPoint(l, u, n, d) : null;
            // With repetition the law sees effective amounts; everything below reads (nEff, dEff).
            var (nEff, dEff) = repeated is null ? (n, d) : (repeated.EffectiveParameters, repeated.EffectiveTokens);
            var loss = l.Loss(nEff, dEff);
            var c = new Flops(6 * n.Value * d.Value);
            var best = Allocator.ComputeOptimal(l, c);
            if (p.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["law"] = l.Name, ["parameters"] = n.Value, ["tokens"] = d.Value, ["flops"] = c.Value, ["loss"] = loss,
                    ["optimalLossAtSameFlops"] = best.Loss.Value, ["optimalParameters"] = best.Parameters.Value,
                    ["optimalTokens"] = best.Tokens.Value,
                };
                if (l is KaplanLaw k)
                {
                    o["lossOfParameters"] = k.LossOfParameters(n);
                    o["lossOfTokens"] = k.LossOfTokens(d);
                    o["earlyStoppingFactor"] = k.EarlyStoppingFactor;
                }
                if (l is ChinchillaLaw ch) o["terms"] = new JsonObject
                {
                    ["irreducible"] = ch.E, ["parameterTerm"] = ch.A / Math.Pow(nEff.Value, ch.Alpha), ["dataTerm"] = ch.B / Math.Pow(dEff.Value, ch.Beta),
                };
                if (repeated is not null)
                {
                    o["uniqueTokens"] = repeated.UniqueTokens.Value;
                    o["epochs"] = repeated.Epochs;
                    o["effectiveTokens"] = dEff.Value;
                    o["effectiveParameters"] = nEff.Value;
                    o["uniqueParameters"] = repeated.UniqueParameters.Value;
                    o["lossFreshData"] = l.Loss(n, d);
                }
                JsonOutput.Write(ctx.Out, o);
                return 0;
            }
            var t = Tables.New("", "Value");
            t.Row("Law", $"{l.Name} ({l.Form})");
            t.Row("Parameters", n.ToString());
            t.Row("Tokens", $"{d} ({QuantityFormat.Significant(d.Value / n.Value, 3)} per parameter)");
            t.Row("FLOPs (6ND)", c.ToString());
            if (repeated is not null)
            {
                t.Row("Unique tokens", $"{repeated.UniqueTokens} ({QuantityFormat.Significant(repeated.Epochs, 3)} epochs)");
                t.Row("Effective tokens D'", $"{dEff} ({dEff.Value / d.Value:0.0%} of seen)");
                t.Row("Effective parameters N'", $"{nEff} (U_N = {repeated.UniqueParameters})");
                t.Row("Loss with fresh data", new Loss(l.Loss(n, d)).ToString());
            }
            t.Row("Predicted loss", new Loss(loss).ToString());
            if (l is ChinchillaLaw chl)
                t.Row(repeated is null ? "  = E + A/N^a + B/D^b" : "  = E + A/N'^a + B/D'^b", $"{chl.E:0.0000} + {chl.A / Math.Pow(nEff.Value, chl.Alpha):0.0000} + {chl.B / Math.Pow(dEff.Value, chl.Beta):0.0000}");
            if (l is KaplanLaw kl)
            {
                t.Row("  L(N), L(D) alone", $"{kl.LossOfParameters(n):0.0000}, {kl.LossOfTokens(d):0.0000}");
                // App. B.2: compute-efficient training stops ~(1 + aN/aS) above the converged loss L(N).
                t.Row("Compute-efficient stop", $"{kl.EarlyStoppingFactor:0.00} x converged L(N) = {kl.EarlyStoppingFactor * kl.LossOfParameters(n):0.0000} (stop well before convergence)");
            }
            t.Row("Best loss for the same FLOPs", $"{best.Loss} at {best.Parameters} parameters, {best.Tokens} tokens");
            ctx.Console.Write(t);
            return 0;
        });
        return cmd;
    }
}
