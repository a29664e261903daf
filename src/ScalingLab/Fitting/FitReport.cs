using System.Text.Json.Serialization;
using ScalingLab.Laws;

namespace ScalingLab.Fitting;

/// <summary>
/// Everything one `fit` produced; `fit --json` is this record serialised (file, points, notes,
/// approach3, approach2, approach1, backtest, skipped, lawFile, plot). Approaches that could not run
/// on this data (Approach 1 without training curves, Approach 2 without enough IsoFLOP budgets) are
/// listed in <see cref="Skipped"/> with the reason, when they were asked for as part of "all".
/// </summary>
public sealed record FitReport(
    [property: JsonIgnore] RunTable Table, [property: JsonIgnore] FitRequest Request,
    [property: JsonPropertyName("approach3")] ParametricFitResult? Parametric,
    [property: JsonPropertyName("approach2")] IsoFlopResult? IsoFlop,
    [property: JsonPropertyName("approach1")] EnvelopeResult? Envelope,
    BacktestResult? Backtest,
    IReadOnlyDictionary<string, string> Skipped)
{
    [JsonPropertyOrder(-3)] public string File => Table.Source;
    [JsonPropertyOrder(-3)] public int Points => Table.Points.Count;
    [JsonPropertyOrder(-3)] public IReadOnlyList<string> Notes => Table.Notes;

    /// <summary>The bootstrap of Approach 3, when one ran.</summary>
    [JsonIgnore] public BootstrapResult? Bootstrap => Parametric?.Bootstrap;

    /// <summary>Where the caller wrote the fitted law (`fit --out`), if it did.</summary>
    [JsonPropertyOrder(10)] public string? LawFile { get; init; }
    /// <summary>Where the caller drew the fit (`fit --plot`), if it did.</summary>
    [JsonPropertyOrder(10)] public string? Plot { get; init; }

    [JsonIgnore] public FitRange Range => new(
        Table.Points.Min(p => p.Parameters.Value), Table.Points.Max(p => p.Parameters.Value),
        Table.Points.Min(p => p.Flops.Value), Table.Points.Max(p => p.Flops.Value));
}
