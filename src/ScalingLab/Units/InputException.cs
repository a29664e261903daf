namespace ScalingLab.Units;

/// <summary>
/// Bad user input: names the field, the value and what is allowed. The CLI turns it into a
/// one-line message and exit code 2; the library throws it wherever input is checked.
/// </summary>
public sealed class InputException(string field, string value, string allowed)
    : Exception($"{field}: '{value}' is not valid; {allowed}")
{
    public string Field { get; } = field;
    public string Value { get; } = value;
    public string Allowed { get; } = allowed;
}
