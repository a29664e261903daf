using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>
/// A sweep budget as written: FLOPs (2e13, 120 PF-days) or a duration on the chosen executor (20m,
/// 1.5h). A letter after the number is a time unit here, so "20m" is twenty minutes, never 20 million FLOPs.
/// </summary>
public static class SweepBudget
{
    public static (Flops? Flops, Seconds? Duration) Parse(string text, string field = "sweepBudget")
    {
        var t = (text ?? "").Trim();
        var plain = double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        if (plain || t.Contains("pf", StringComparison.OrdinalIgnoreCase)) return (QuantityParser.Flops(t, field), null);
        try
        {
            return (null, QuantityParser.Duration(t, field));
        }
        catch (InputException)
        {
            throw new InputException(field, text ?? "", "expected FLOPs (2e13, 120 PF-days) or a duration on the executor (20m, 1.5h, 2d)");
        }
    }
}
