using System.Text.Json.Serialization;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Schedule;

/// <summary>k (x / reference)^a, with x the budget ("flops") or the parameter count ("parameters").</summary>
public sealed record PowerRule(
    [property: JsonPropertyName("coefficient")] double Coefficient,
    [property: JsonPropertyName("exponent")] double Exponent,
    [property: JsonPropertyName("of")] string Of,
    [property: JsonPropertyName("reference")] double? Reference = null,
    [property: JsonPropertyName("unit")] string? Unit = null)
{
    public double Evaluate(double x) => Coefficient * Math.Pow(Reference is { } r ? x / r : x, Exponent);
}

/// <summary>A published rule for the peak learning rate and the batch size.</summary>
public sealed record HyperparameterRule(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("learningRate")] PowerRule LearningRate,
    [property: JsonPropertyName("batch")] PowerRule Batch,
    [property: JsonPropertyName("source")] Source Source,
    [property: JsonPropertyName("notes")] string? Notes = null);

/// <summary>One constant-rate stretch of a step schedule: the rate is fraction x peak until this share of the tokens.</summary>
public sealed record SchedulePhase(
    [property: JsonPropertyName("untilTokenFraction")] double UntilTokenFraction,
    [property: JsonPropertyName("fraction")] double Fraction);

public sealed record ScheduleDefinition(
    [property: JsonPropertyName("source")] Source Source,
    [property: JsonPropertyName("finalFraction")] double? FinalFraction = null,
    [property: JsonPropertyName("phases")] List<SchedulePhase>? Phases = null);

public sealed record WarmupDefinition(
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("maxFraction")] double MaxFraction,
    [property: JsonPropertyName("source")] Source Source);

internal sealed record HyperparameterFile(
    [property: JsonPropertyName("rules")] List<HyperparameterRule> Rules,
    [property: JsonPropertyName("schedules")] Dictionary<string, ScheduleDefinition> Schedules,
    [property: JsonPropertyName("warmup")] WarmupDefinition Warmup);

/// <summary>Hyperparameter rules and schedule shapes from Data/hyperparameters.json, each with its source.</summary>
public static class HyperparameterCatalog
{
    public const string DefaultRule = "deepseek2024";

    private static readonly Lazy<HyperparameterFile> File = new(() => Data.EmbeddedJson.Load<HyperparameterFile>("hyperparameters.json"));

    public static IReadOnlyList<HyperparameterRule> Rules => File.Value.Rules;
    public static WarmupDefinition Warmup => File.Value.Warmup;

    public static HyperparameterRule Get(string name, string field = "hyperparameters") =>
        Rules.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InputException(field, name, "expected one of " + string.Join(", ", Rules.Select(r => r.Name)));

    public static ScheduleDefinition Schedule(ScheduleKind kind) => File.Value.Schedules[kind.Name()];
}
