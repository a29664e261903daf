namespace ScalingLab.Fitting;

/// <summary>The runs of a compute-only law's data, which columns they came from, and what the reader noted.</summary>
public sealed record ComputeTable(IReadOnlyList<ComputePoint> Points, string ComputeColumn, string MetricColumn, IReadOnlyList<string> Notes);
