using System.CommandLine;
using ScalingLab.Cli.Rendering;
using Spectre.Console;
using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab model`: parameter counts and FLOPs per token of a shape, or a shape for a size.</summary>
public static class ModelCommand
{
    public static Command Create(CliContext ctx)
    {
        var layers = Options.Int("--layers", "Transformer blocks.", 1, 100_000);
        var dModel = Options.Int("--d-model", "Residual width.", 1, 1_000_000);
        var heads = Options.Int("--heads", "Attention heads (default: d_model / 64).", 1, 100_000);
        var headDim = Options.Int("--head-dim", "Size of each head (default: d_model / heads).", 1, 100_000);
        var ffn = Options.Int("--ffn", "Feed-forward width (default: 4 x d_model).", 1, 100_000_000);
        var vocab = Options.Int("--vocab", "Vocabulary size.", 1, 10_000_000, 32000);
        var context = Options.Int("--context", "Context length (sequence).", 1, 10_000_000, 2048);
        var untied = new Option<bool>("--untied") { Description = "Separate output head (default: tied to the token embedding)." };
        var rotary = new Option<bool>("--rotary") { Description = "Rotary positions (no position parameters) instead of learned ones." };
        var swiglu = new Option<bool>("--swiglu") { Description = "Gated MLP with three matrices (Llama-style) instead of GELU's two." };
        var noBias = new Option<bool>("--no-bias") { Description = "No biases in linear layers and norms." };
        var pars = Options.Params("Instead of a shape: propose one with about this many parameters.");
        var aspect = Options.Real("--aspect-ratio", "Target d_model / layers for --params.", 0, 1e6, ShapeSearch.DefaultAspectRatio, minExclusive: true);
        var json = Options.Json();
        var vit = new VitModel();
        var cmd = new Command("model", """
            Parameter counts and training FLOPs per token of a decoder transformer under every
            convention (6N, Kaplan, Hoffmann App. F exact, App. F without embeddings, DeepSeek M).
            Examples:
              scalinglab model --layers 12 --d-model 768 --vocab 50257 --context 1024   (GPT-2 small)
              scalinglab model --params 7B          (propose a shape)
              scalinglab model --vit B/16 --resolution 224 --json   (a Vision Transformer)
            """)
        { layers, dModel, heads, headDim, ffn, vocab, context, untied, rotary, swiglu, noBias, pars, aspect, json };
        vit.AddTo(cmd);
        cmd.SetAction(p =>
        {
            if (vit.Requested(p)) return vit.Run(ctx, p, layers, dModel, heads, ffn, p.GetValue(json));
            var positions = p.GetValue(rotary) ? PositionKind.Rotary : PositionKind.Learned;
            ModelReport report;
            if (p.GetValue(pars) is { } target)
            {
                if (p.Given(layers) || p.Given(dModel))
                    throw new InputException("--params", target.ToString(), "give either --params or --layers/--d-model, not both");
                var proposal = ShapeSearch.Propose(new ShapeRequest(target, p.GetValue(vocab), p.GetValue(context), p.GetValue(aspect),
                    TiedEmbeddings: !p.GetValue(untied), Positions: positions));
                report = ModelReport.Of(proposal.Shape, proposal);
            }
            else
            {
                foreach (var o in new[] { layers, dModel })
                    if (!p.Given(o)) throw new InputException(o.Name, "(missing)", "give --layers and --d-model, or --params");
                var d = p.GetValue(dModel);
                var h = p.Given(heads) ? p.GetValue(heads) : Math.Max(1, d / 64);
                // Without --head-dim the heads split d_model, so they must divide it.
                if (!p.Given(headDim) && d % h != 0)
                    throw new InputException(heads.Name, h.ToString(), $"expected a number of heads that divides d_model {d} (or give --head-dim)");
                var k = p.Given(headDim) ? p.GetValue(headDim) : Math.Max(1, d / h);
                var shape = new ModelShape(p.GetValue(layers), d, h, k, p.Given(ffn) ? p.GetValue(ffn) : 4 * d, p.GetValue(vocab), p.GetValue(context),
                    !p.GetValue(untied), positions, p.GetValue(swiglu) ? MlpKind.SwiGlu : MlpKind.Gelu, !p.GetValue(noBias)).Validated();
                report = ModelReport.Of(shape);
            }
            if (p.GetValue(json)) JsonOutput.Write(ctx, report);
            else Render(ctx, report);
            return 0;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, ModelReport r)
    {
        var s = r.Shape;
        ctx.Console.WriteLine($"Shape: {s.Layers} layers, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim} ({s.Mlp}), " +
                              $"vocab {s.Vocab}, context {s.Context}, {(s.TiedEmbeddings ? "tied" : "untied")} embeddings, {s.Positions} positions{(s.Biases ? "" : ", no biases")}");
        if (r.RelativeError is { } err)
            ctx.Console.WriteLine($"Proposed for the target: {err:+0.00%;-0.00%} off, width/depth {(double)s.DModel / s.Layers:0}");
        var t = Tables.New("Count", "Value");
        t.Row("Parameters (total)", $"{r.Parameters:N0} ({new Parameters(r.Parameters)})");
        t.Row("Non-embedding parameters", $"{r.NonEmbeddingParameters:N0}");
        t.Row("Kaplan 12·L·d²", $"{r.KaplanApproximation:N0}");
        ctx.Console.Write(t);
        var f = Tables.New("FLOPs per token (training)", "Value", "x 6N", "Convention");
        var sixN = r.FlopsPerToken[FlopConvention.SixN];
        foreach (var (c, v) in r.FlopsPerToken)
            f.Row(c.Name(), QuantityFormat.Scientific(v, 4), (v / sixN).ToString("0.000"), c.Describe());
        ctx.Console.Write(f);
    }
}
