using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Compute;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab model`: parameter counts and FLOPs per token of a shape, or a shape for a size.</summary>
public static class ModelCommand
{
    public static Command Create(CliContext ctx)
    {
        var layers = new Option<int>("--layers") { Description = "Transformer blocks." };
        var dModel = new Option<int>("--d-model") { Description = "Residual width." };
        var heads = new Option<int>("--heads") { Description = "Attention heads (default: d_model / 64)." };
        var headDim = new Option<int>("--head-dim") { Description = "Size of each head (default: d_model / heads)." };
        var ffn = new Option<int>("--ffn") { Description = "Feed-forward width (default: 4 x d_model)." };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => 32000 };
        var context = new Option<int>("--context") { Description = "Context length (sequence).", DefaultValueFactory = _ => 2048 };
        var untied = new Option<bool>("--untied") { Description = "Separate output head (default: tied to the token embedding)." };
        var rotary = new Option<bool>("--rotary") { Description = "Rotary positions (no position parameters) instead of learned ones." };
        var swiglu = new Option<bool>("--swiglu") { Description = "Gated MLP with three matrices (Llama-style) instead of GELU's two." };
        var noBias = new Option<bool>("--no-bias") { Description = "No biases in linear layers and norms." };
        var pars = Options.Params("Instead of a shape: propose one with about this many parameters.");
        var aspect = new Option<double>("--aspect-ratio") { Description = "Target d_model / layers for --params.", DefaultValueFactory = _ => ShapeSearch.DefaultAspectRatio };
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
            var v = Options.Int(p, vocab, 1, 10_000_000);
            var c = Options.Int(p, context, 1, 10_000_000);
            var positions = p.GetValue(rotary) ? PositionKind.Rotary : PositionKind.Learned;
            ModelShape shape;
            ShapeProposal? proposal = null;
            if (Options.Optional(p, pars, QuantityParser.Parameters) is { } target)
            {
                if (p.GetResult(layers) is not null || p.GetResult(dModel) is not null)
                    throw new InputException("--params", target.ToString(), "give either --params or --layers/--d-model, not both");
                proposal = ShapeSearch.Propose(new ShapeRequest(target, v, c, Options.Positive(p, aspect), TiedEmbeddings: !p.GetValue(untied), Positions: positions));
                shape = proposal.Shape;
            }
            else
            {
                if (p.GetResult(layers) is null) throw new InputException("--layers", "(missing)", "give --layers and --d-model, or --params");
                if (p.GetResult(dModel) is null) throw new InputException("--d-model", "(missing)", "give --layers and --d-model, or --params");
                var d = Options.Int(p, dModel, 1, 1_000_000);
                var h = p.GetResult(heads) is null ? Math.Max(1, d / 64) : Options.Int(p, heads, 1, 100_000);
                var k = p.GetResult(headDim) is null ? Math.Max(1, d / h) : Options.Int(p, headDim, 1, 100_000);
                var f = p.GetResult(ffn) is null ? 4 * d : Options.Int(p, ffn, 1, 100_000_000);
                shape = new ModelShape(Options.Int(p, layers, 1, 100_000), d, h, k, f, v, c,
                    !p.GetValue(untied), positions, p.GetValue(swiglu) ? MlpKind.SwiGlu : MlpKind.Gelu, !p.GetValue(noBias)).Validated();
            }
            Render(ctx, shape, proposal, p.GetValue(json));
            return 0;
        });
        return cmd;
    }

    private static void Render(CliContext ctx, ModelShape s, ShapeProposal? proposal, bool json)
    {
        var total = ParameterCount.Total(s);
        var sixN = FlopCount.PerToken(s, FlopConvention.SixN);
        if (json)
        {
            var flops = new JsonObject();
            foreach (var c in FlopConventions.All) flops[c.Name()] = FlopCount.PerToken(s, c);
            var o = new JsonObject
            {
                ["shape"] = new JsonObject
                {
                    ["layers"] = s.Layers, ["dModel"] = s.DModel, ["heads"] = s.Heads, ["headDim"] = s.HeadDim, ["ffn"] = s.FfnDim,
                    ["vocab"] = s.Vocab, ["context"] = s.Context, ["tiedEmbeddings"] = s.TiedEmbeddings,
                    ["positions"] = s.Positions.ToString().ToLowerInvariant(), ["mlp"] = s.Mlp.ToString().ToLowerInvariant(), ["biases"] = s.Biases,
                },
                ["parameters"] = total,
                ["nonEmbeddingParameters"] = ParameterCount.NonEmbedding(s),
                ["kaplanApproximation"] = ParameterCount.KaplanApproximation(s),
                ["embeddingParameters"] = ParameterCount.Embedding(s),
                ["flopsPerToken"] = flops,
            };
            if (proposal is not null) o["relativeError"] = proposal.RelativeError;
            JsonOutput.Write(ctx.Out, o);
            return;
        }
        ctx.Console.WriteLine($"Shape: {s.Layers} layers, d_model {s.DModel}, {s.Heads} heads x {s.HeadDim}, MLP {s.FfnDim} ({s.Mlp}), " +
                              $"vocab {s.Vocab}, context {s.Context}, {(s.TiedEmbeddings ? "tied" : "untied")} embeddings, {s.Positions} positions{(s.Biases ? "" : ", no biases")}");
        if (proposal is not null)
            ctx.Console.WriteLine($"Proposed for the target: {proposal.RelativeError:+0.00%;-0.00%} off, width/depth {(double)s.DModel / s.Layers:0}");
        var t = Tables.New("Count", "Value");
        t.Row("Parameters (total)", $"{total:N0} ({new Parameters(total)})");
        t.Row("Non-embedding parameters", $"{ParameterCount.NonEmbedding(s):N0}");
        t.Row("Kaplan 12·L·d²", $"{ParameterCount.KaplanApproximation(s):N0}");
        ctx.Console.Write(t);
        var f = Tables.New("FLOPs per token (training)", "Value", "x 6N", "Convention");
        foreach (var c in FlopConventions.All)
        {
            var v = FlopCount.PerToken(s, c);
            f.Row(c.Name(), QuantityFormat.Scientific(v, 4), (v / sixN).ToString("0.000"), c.Describe());
        }
        ctx.Console.Write(f);
    }
}
