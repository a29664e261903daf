using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Units;
using ScalingLab.Vision;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`model --vit [NAME]`: a Vision Transformer's parameters, tokens and GMACs per image.</summary>
public sealed class VitModel
{
    public readonly Option<string> Vit = new("--vit")
    {
        Description = "A Vision Transformer instead of a decoder: a preset (" + string.Join(", ", VitCatalog.Presets.Select(p => p.Name)) +
                      ") or, with no value, the shape from --layers/--d-model/--heads/--ffn/--patch.",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "NAME",
    };
    public readonly Option<int> Resolution = new("--resolution") { Description = "ViT: image side in pixels.", DefaultValueFactory = _ => 224 };
    public readonly Option<int> Patch = new("--patch") { Description = "ViT: patch side in pixels (presets carry their own).", DefaultValueFactory = _ => 16 };
    public readonly Option<int> Classes = new("--classes") { Description = "ViT: classifier outputs (0 for none, as in CLIP).", DefaultValueFactory = _ => 1000 };

    public void AddTo(Command cmd)
    {
        cmd.Add(Vit);
        cmd.Add(Resolution);
        cmd.Add(Patch);
        cmd.Add(Classes);
    }

    public bool Requested(ParseResult p) => p.GetResult(Vit) is not null;

    public int Run(CliContext ctx, ParseResult p, Option<int> layers, Option<int> dModel, Option<int> heads, Option<int> ffn, bool json)
    {
        var resolution = Options.Int(p, Resolution, 1, 100_000);
        var classes = Options.Int(p, Classes, 0, 10_000_000);
        VitShape shape;
        if (p.GetValue(Vit) is { Length: > 0 } name)
        {
            var preset = VitCatalog.Get(name, Vit.Name);
            shape = p.GetResult(Patch) is null ? preset.At(resolution, classes)
                : (preset.At(resolution, classes) with { Patch = Options.Int(p, Patch, 1, 100_000) }).Validated();
        }
        else
        {
            foreach (var o in new[] { layers, dModel, heads })
                if (p.GetResult(o) is null) throw new InputException(o.Name, "(missing)", "give --vit NAME, or --vit with --layers, --d-model and --heads (and --ffn, --patch)");
            var d = Options.Int(p, dModel, 1, 1_000_000);
            shape = new VitShape(resolution, Options.Int(p, Patch, 1, 100_000), d, Options.Int(p, layers, 1, 10_000),
                p.GetResult(ffn) is null ? 4 * d : Options.Int(p, ffn, 1, 10_000_000), Options.Int(p, heads, 1, 100_000), classes, Name: "ViT").Validated();
        }
        if (json)
        {
            JsonOutput.Write(ctx.Out, PlanVision.VitJson(shape));
            return 0;
        }
        ctx.Console.WriteLine($"{shape.Name}: {shape.Resolution}px images, patch {shape.Patch}, width {shape.Width}, depth {shape.Depth}, MLP {shape.Mlp}, {shape.Heads} heads, {shape.Classes} classes");
        var t = Tables.New("Count", "Value");
        t.Row("Parameters", $"{shape.Parameters:N0} ({new Parameters(shape.Parameters)})");
        t.Row("Tokens per image", $"{shape.TokensPerImage} ({shape.PatchesPerSide} x {shape.PatchesPerSide} patches + class token)");
        t.Row("GMACs per image (forward)", shape.GmacsPerImage.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        t.Row("Training FLOPs per image", QuantityFormat.Scientific(shape.TrainingFlopsPerImage, 4) + " (6 x MACs)");
        ctx.Console.Write(t);
        return 0;
    }
}
