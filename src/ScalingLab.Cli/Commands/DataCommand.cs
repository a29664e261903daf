using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Text;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab data prepare`: text files or folders to token-id files for `train`.</summary>
public static class DataCommand
{
    public static Command Create(CliContext ctx)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Text files or folders (read recursively); a .gz file is decompressed as it is read.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder to write train.bin, val.bin and dataset.json into.", Required = true };
        var tokenizer = new Option<string>("--tokenizer")
        {
            Description = "Tokeniser: " + string.Join(", ", TokenizerCatalog.Names) + " (byte keeps tiny models' embeddings small). Default: byte.",
            DefaultValueFactory = _ => "byte",
        };
        var format = new Option<string>("--format")
        {
            Description = "text (UTF-8 files) or brown (the Brown Corpus's word/TAG files: tags are stripped). Default: text.",
            DefaultValueFactory = _ => "text",
        };
        var valFraction = new Option<double>("--val-fraction")
        {
            Description = "Share of each source (its end, cut at a line break) held out for validation. Default: 0.05.",
            DefaultValueFactory = _ => 0.05,
        };
        var json = Options.Json();
        var prepare = new Command("prepare", """
            Tokenise text into a compact binary file of token ids (memory-mapped by `train`), with a
            validation split and dataset.json (tokeniser, counts, SHA-256 of each source).
            Examples:
              scalinglab data prepare data/brown --format brown --out brown-byte
              scalinglab data prepare notes/ book.txt --tokenizer gpt2 --out data/mine
            """)
        { inputs, output, tokenizer, format, valFraction, json };
        prepare.SetAction(p =>
        {
            var meta = DatasetPreparer.Prepare(new PrepareRequest(p.GetValue(inputs)!, p.GetValue(output)!,
                p.GetValue(tokenizer)!, SourceFormats.Parse(p.GetValue(format)!), p.GetValue(valFraction)));
            Render(ctx, meta, p.GetValue(output)!, p.GetValue(json));
            return 0;
        });
        return new Command("data", "Prepare training data (see `data prepare --help`).") { prepare };
    }

    private static void Render(CliContext ctx, DatasetMetadata m, string folder, bool json)
    {
        if (json)
        {
            JsonOutput.Write(ctx, new JsonObject
            {
                ["folder"] = Path.GetFullPath(folder), ["tokenizer"] = m.Tokenizer, ["vocabSize"] = m.VocabSize,
                ["sources"] = m.Sources.Count, ["trainTokens"] = m.TrainTokens, ["valTokens"] = m.ValTokens,
                ["trainBytes"] = m.TrainBytes, ["valBytes"] = m.ValBytes, ["bytesPerToken"] = m.BytesPerToken,
            });
            return;
        }
        var t = Tables.New("Dataset", "Value");
        t.Row("Folder", Path.GetFullPath(folder));
        t.Row("Tokenizer", $"{m.Tokenizer} (vocabulary {m.VocabSize:N0}, {m.TokenBytes} byte{(m.TokenBytes == 1 ? "" : "s")} per id)");
        t.Row("Sources", $"{m.Sources.Count:N0} files, {m.Format}");
        t.Row("Train tokens", $"{m.TrainTokens:N0} ({m.TrainBytes:N0} bytes of text)");
        t.Row("Validation tokens", $"{m.ValTokens:N0} ({m.ValBytes:N0} bytes of text)");
        t.Row("Bytes per token", m.BytesPerToken.ToString("0.000"));
        ctx.Console.Write(t);
    }
}
