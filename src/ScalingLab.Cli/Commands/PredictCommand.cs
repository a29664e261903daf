using System.CommandLine;
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
        var unique = Options.Tokens("Only this many unique tokens exist: D beyond them is repeated epochs, worth D' < D (Muennighoff et al. 2023).", "--unique-tokens");
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
            var prediction = Prediction.Of(Options.LossLaw(p, law),
                Options.Required(p, pars, "expected a parameter count such as 7B"),
                Options.Required(p, tokens, "expected a token count such as 1.4T"),
                p.GetValue(unique));
            if (p.GetValue(json)) JsonOutput.Write(ctx, prediction);
            else Render(ctx, prediction);
            return 0;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, Prediction r)
    {
        var (n, d) = (r.Parameters, r.Tokens);
        var t = Tables.New("", "Value");
        t.Row("Law", $"{r.Law.Name} ({r.Law.Form})");
        t.Row("Parameters", n.ToString());
        t.Row("Tokens", $"{d} ({QuantityFormat.Significant(d / n, 3)} per parameter)");
        t.Row("FLOPs (6ND)", r.Flops.ToString());
        if (r.Repeated is { } rep)
        {
            t.Row("Unique tokens", $"{rep.UniqueTokens} ({QuantityFormat.Significant(rep.Epochs, 3)} epochs)");
            t.Row("Effective tokens D'", $"{rep.EffectiveTokens} ({rep.EffectiveTokens / d:0.0%} of seen)");
            t.Row("Effective parameters N'", $"{rep.EffectiveParameters} (U_N = {rep.UniqueParameters})");
            t.Row("Loss with fresh data", r.LossFreshData.ToString()!);
        }
        t.Row("Predicted loss", r.Loss.ToString());
        if (r.Terms is { } terms)
            t.Row(r.Repeated is null ? "  = E + A/N^a + B/D^b" : "  = E + A/N'^a + B/D'^b", $"{terms.Irreducible:0.0000} + {terms.ParameterTerm:0.0000} + {terms.DataTerm:0.0000}");
        if (r.Kaplan is { } k)
        {
            t.Row("  L(N), L(D) alone", $"{k.LossOfParameters:0.0000}, {k.LossOfTokens:0.0000}");
            // App. B.2: compute-efficient training stops ~(1 + aN/aS) above the converged loss L(N).
            t.Row("Compute-efficient stop", $"{k.EarlyStoppingFactor:0.00} x converged L(N) = {k.EarlyStoppingFactor * k.LossOfParameters:0.0000} (stop well before convergence)");
        }
        t.Row("Best loss for the same FLOPs", $"{r.Best.Loss} at {r.Best.Parameters} parameters, {r.Best.Tokens} tokens");
        ctx.Console.Write(t);
    }
}
