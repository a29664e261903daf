using System.CommandLine;
using ScalingLab.Cli.Rendering;
using Spectre.Console;
using ScalingLab.Units;
using ScalingLab.Vision;

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
    public readonly Option<int> Resolution = Options.Int("--resolution", "ViT: image side in pixels.", 1, 100_000, 224);
    public readonly Option<int> Patch = Options.Int("--patch", "ViT: patch side in pixels (presets carry their own).", 1, 100_000, 16);
    public readonly Option<int> Classes = Options.Int("--classes", "ViT: classifier outputs (0 for none, as in CLIP).", 0, 10_000_000, 1000);

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
        var resolution = p.GetValue(Resolution);
        var classes = p.GetValue(Classes);
        VitShape shape;
        if (p.GetValue(Vit) is { Length: > 0 } name)
        {
            var preset = VitCatalog.Get(name, Vit.Name);
            shape = p.Given(Patch) ? (preset.At(resolution, classes) with { Patch = p.GetValue(Patch) }).Validated() : preset.At(resolution, classes);
        }
        else
        {
            foreach (var o in new[] { layers, dModel, heads })
                if (!p.Given(o)) throw new InputException(o.Name, "(missing)", "give --vit NAME, or --vit with --layers, --d-model and --heads (and --ffn, --patch)");
            var d = p.GetValue(dModel);
            shape = new VitShape(resolution, p.GetValue(Patch), d, p.GetValue(layers), p.Given(ffn) ? p.GetValue(ffn) : 4 * d,
                p.GetValue(heads), classes, Name: "ViT").Validated();
        }
        if (json)
        {
            JsonOutput.Write(ctx, shape);
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
