namespace ScalingLab.Hardware;

/// <summary>A dimensionless factor (an MFU, a PUE) and where its value comes from.</summary>
public sealed record SourcedFactor(double Value, string Source);
