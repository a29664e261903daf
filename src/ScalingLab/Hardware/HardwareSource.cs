namespace ScalingLab.Hardware;

/// <summary>Where a hardware figure or price comes from, and when it was seen (figures and prices move).</summary>
public sealed record HardwareSource(string Title, string? Url = null, string? Date = null)
{
    public override string ToString() => Title + (Date is null ? "" : $" ({Date})");
}
