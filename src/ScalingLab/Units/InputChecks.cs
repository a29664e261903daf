using System.Globalization;

namespace ScalingLab.Units;

/// <summary>Range checks for numeric inputs, with the standard one-line error.</summary>
public static class InputChecks
{
    public static int Range(int value, string field, int min, int max) =>
        value >= min && value <= max ? value
            : throw new InputException(field, value.ToString(CultureInfo.InvariantCulture), $"expected an integer from {min} to {max}");

    public static long Range(long value, string field, long min, long max) =>
        value >= min && value <= max ? value
            : throw new InputException(field, value.ToString(CultureInfo.InvariantCulture),
                max == long.MaxValue ? $"expected an integer of at least {min}" : $"expected an integer from {min} to {max}");

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static double Range(double value, string field, double min, double max) =>
        value >= min && value <= max ? value
            : throw new InputException(field, value.ToString("G", CultureInfo.InvariantCulture),
                $"expected a number from {min.ToString("G", CultureInfo.InvariantCulture)} to {max.ToString("G", CultureInfo.InvariantCulture)}");
}
