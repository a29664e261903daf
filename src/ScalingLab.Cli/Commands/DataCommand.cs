using System.CommandLine;
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
        var format = Options.Choice("--format", "text (UTF-8 files) or brown (the Brown Corpus's word/TAG files: tags are stripped). Default: text.",
            [("text", SourceFormat.Text), ("brown", SourceFormat.Brown)], SourceFormat.Text);
        var valFraction = Options.Real("--val-fraction", "Share of each source (its end, cut at a line break) held out for validation. Default: 0.05.",
            0, PrepareRequest.MaxValFraction, 0.05, minExclusive: true);
        var force = new Option<bool>("--force") { Description = "Replace the dataset already in --out (never a folder holding other files, and never the inputs)." };
        var json = Options.Json();
        var prepare = new Command("prepare", """
            Tokenise text into a compact binary file of token ids (memory-mapped by `train`), with a
            validation split and dataset.json (tokeniser, counts, SHA-256 of each source and of the two
            token files, which `train` checks before it trusts them). The folder is written whole or not at
            all; one that already holds a dataset is replaced only with --force. Text that is not UTF-8
            text, or too little of it for both splits, is refused.
            Examples:
              scalinglab data prepare data/brown --format brown --out brown-byte
              scalinglab data prepare notes/ book.txt --tokenizer gpt2 --out data/mine
            """)
        { inputs, output, tokenizer, format, valFraction, force, json };
        prepare.SetAction(p =>
        {
            var prepared = DatasetPreparer.Prepare(new PrepareRequest(p.GetValue(inputs)!, p.GetValue(output)!,
                p.GetValue(tokenizer)!, p.GetValue(format), p.GetValue(valFraction), p.GetValue(force)));
            if (p.GetValue(json)) JsonOutput.Write(ctx, prepared);
            else Render(ctx, prepared);
            return 0;
        });
        return new Command("data", "Prepare training data (see `data prepare --help`).") { prepare };
    }

    private static void Render(CliContext ctx, PreparedDataset prepared)
    {
        var m = prepared.Dataset;
        var t = Tables.New("Dataset", "Value");
        t.Row("Folder", prepared.Folder);
        t.Row("Tokenizer", $"{m.Tokenizer} (vocabulary {m.VocabSize:N0}, {m.TokenBytes} byte{(m.TokenBytes == 1 ? "" : "s")} per id)");
        t.Row("Sources", $"{m.Sources.Count:N0} files, {m.Format}");
        t.Row("Train tokens", $"{m.TrainTokens:N0} ({m.TrainBytes:N0} bytes of text)");
        t.Row("Validation tokens", $"{m.ValTokens:N0} ({m.ValBytes:N0} bytes of text)");
        t.Row("Bytes per token", m.BytesPerToken.ToString("0.000"));
        ctx.Console.Write(t);
    }
}
