using ScalingLab.Units;
namespace ScalingLab.Fitting.Readers;

/// <summary>One logged row of a run: its step and the metrics recorded at it.</summary>
public sealed record LogRow(double Step, IReadOnlyDictionary<string, double> Metrics, int Line = 0);

/// <summary>
/// One training run as a log holds it, before it becomes fit points: its name, where it was read,
/// its rows, and what the log itself says about its size (a config beside it, a column).
/// </summary>
public sealed record LogRun(string Name, string Source, IReadOnlyList<LogRow> Rows, double? Parameters = null, string? ParametersFrom = null);
