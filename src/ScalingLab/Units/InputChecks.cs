namespace ScalingLab.Units;

/// <summary>Range checks for integer inputs, with the standard one-line error.</summary>
public static class InputChecks
{
    public static int Range(int value, string field, int min, int max) =>
        value >= min && value <= max ? value
            : throw new InputException(field, value.ToString(), $"expected an integer from {min} to {max}");
}
