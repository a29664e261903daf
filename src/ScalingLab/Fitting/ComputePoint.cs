namespace ScalingLab.Fitting;

/// <summary>One run of a compute-only law's data: compute (GMACs or FLOPs) and the metric reached.</summary>
public sealed record ComputePoint(int Line, double Compute, double Metric);
