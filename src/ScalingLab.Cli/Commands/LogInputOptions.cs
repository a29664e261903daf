using System.CommandLine;
using ScalingLab.Fitting;
using ScalingLab.Fitting.Readers;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// What `fit` (and later `sweep analyze`) reads: a table of runs in our own column names, or the
/// training logs teams already keep (Hugging Face trainer_state.json, TensorBoard event files,
/// W&amp;B exports, folders of them, or any CSV/JSONL whose columns are named here).
/// </summary>
public sealed class LogInputOptions
{
    public readonly Option<string?> Loss = Column("--loss-column", "The loss metric, column or TensorBoard tag: eval/loss, eval_loss, train/loss. Default: the first of eval/loss, eval_loss, val/loss, loss, train/loss.");
    public readonly Option<string?> ParamsColumn = Column("--params-column", "A column holding each run's parameter count.");
    public readonly Option<string?> Tokens = Column("--tokens-column", "A column (or logged metric) holding tokens seen. Default: num_input_tokens_seen or tokens when logged.");
    public readonly Option<string?> Step = Column("--step-column", "A column holding the optimiser step (with --tokens-per-step).");
    public readonly Option<string?> Run = Column("--run-column", "A column naming each row's run (one run per file without it).");
    public readonly Option<Parameters?> Params = Options.Params("Training logs: the parameter count of every run read (when no config.json beside it or column says).");
    public readonly Option<double?> TokensPerStep = Options.Parsed<double>("--tokens-per-step", "Training logs: tokens per optimiser step (batch x sequence length), when the log counts steps but not tokens.",
        "T", (t, f) => QuantityParser.Positive(t, f, "expected tokens per step such as 524288 (256 sequences x 2048)"));

    public IEnumerable<Option> All => [Loss, ParamsColumn, Tokens, Step, Run, Params, TokensPerStep];

    /// <summary>The runs in <paramref name="paths"/>: a plain table of runs as before, or logs through <see cref="RunLogReader"/>.</summary>
    public RunTable Read(ParseResult p, IReadOnlyList<string> paths)
    {
        var o = new LogOptions(p.GetValue(Loss), p.GetValue(ParamsColumn), p.GetValue(Tokens), p.GetValue(Step), p.GetValue(Run),
            p.GetValue(Params)?.Value, p.GetValue(TokensPerStep));
        var logs = paths.Count > 1 || o.MapsColumns || o.Parameters is not null || o.TokensPerStep is not null || RunLogReader.IsLog(paths[0]);
        return logs ? RunLogReader.Read(paths, o) : RunTableReader.Read(paths[0]);
    }

    private static Option<string?> Column(string name, string description) => new(name) { Description = description, HelpName = "NAME" };
}
