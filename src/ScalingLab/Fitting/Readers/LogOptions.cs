using ScalingLab.Units;
namespace ScalingLab.Fitting.Readers;

/// <summary>
/// How to read training logs as runs: which metric is the loss, and where parameters, tokens, step
/// and run come from when the log does not say. Null means "find it": the reader's own defaults,
/// config.json beside a Hugging Face run, tokens seen when the log records them.
/// </summary>
/// <param name="LossColumn">The loss metric, column or tag (eval/loss, eval_loss, train/loss, ...).</param>
/// <param name="ParametersColumn">A column holding each row's parameter count.</param>
/// <param name="TokensColumn">A column (or metric) holding tokens seen so far.</param>
/// <param name="StepColumn">A column holding the optimiser step.</param>
/// <param name="RunColumn">A column naming the run each row belongs to.</param>
/// <param name="Parameters">The parameter count of every run read (when the log has none).</param>
/// <param name="TokensPerStep">Tokens per optimiser step (batch x sequence length), for logs that count only steps.</param>
public sealed record LogOptions(
    string? LossColumn = null, string? ParametersColumn = null, string? TokensColumn = null, string? StepColumn = null,
    string? RunColumn = null, double? Parameters = null, double? TokensPerStep = null)
{
    /// <summary>Whether any column mapping was asked for (then a plain CSV/JSONL is read through the mapping).</summary>
    public bool MapsColumns => LossColumn is not null || ParametersColumn is not null || TokensColumn is not null || StepColumn is not null || RunColumn is not null;
}
