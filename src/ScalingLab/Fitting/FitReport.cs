using ScalingLab.Laws;

namespace ScalingLab.Fitting;

/// <summary>
/// Everything one `fit` produced. Approaches that could not run on this data (Approach 1 without
/// training curves, Approach 2 without enough IsoFLOP budgets) are listed in <see cref="Skipped"/>
/// with the reason, when they were asked for as part of "all".
/// </summary>
public sealed record FitReport(
    RunTable Table, FitRequest Request,
    ParametricFitResult? Parametric, IsoFlopResult? IsoFlop, EnvelopeResult? Envelope,
    BootstrapResult? Bootstrap, BacktestResult? Backtest,
    IReadOnlyDictionary<string, string> Skipped, TimeSpan ParametricTime, TimeSpan BootstrapTime)
{
    public FitRange Range => new(
        Table.Points.Min(p => p.Parameters.Value), Table.Points.Max(p => p.Parameters.Value),
        Table.Points.Min(p => p.Flops.Value), Table.Points.Max(p => p.Flops.Value));
}
