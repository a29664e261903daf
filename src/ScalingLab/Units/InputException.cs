namespace ScalingLab.Units;

/// <summary>
/// Bad input, named by the library's own parameter (<c>nameof</c> of the argument or the record
/// property), with the value and what is allowed. <see cref="Allowed"/> may point at other
/// parameters with <see cref="ParameterRef.To"/>; a program that names its inputs differently (the
/// CLI's flags) renders the message with <see cref="Describe"/>. The library never names a flag.
/// </summary>
public sealed class InputException(string parameter, string value, string allowed)
    : Exception(Compose(parameter, value, allowed, n => n))
{
    public string Parameter { get; } = parameter;
    public string Value { get; } = value;
    public string Allowed { get; } = allowed;

    /// <summary>"name: 'value' is not valid; allowed", with every parameter named by <paramref name="name"/>.</summary>
    public string Describe(Func<string, string> name) => Compose(Parameter, Value, Allowed, name);

    private static string Compose(string parameter, string value, string allowed, Func<string, string> name) =>
        $"{name(parameter)}: '{value}' is not valid; {ParameterRef.Expand(allowed, name)}";
}
