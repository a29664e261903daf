using ScalingLab.Units;

namespace ScalingLab.Tests.Units;

public class QuantityParserTests
{
    [Theory]
    [InlineData("7B", 7e9)]
    [InlineData("350M", 350e6)]
    [InlineData("1.3e9", 1.3e9)]
    [InlineData("70b", 70e9)]
    [InlineData("124K", 124e3)]
    [InlineData("1_000", 1000)]
    public void Parameters_accept_suffixes_and_scientific(string text, double expected) =>
        Assert.Equal(expected, QuantityParser.Parameters(text).Value, 6);

    [Theory]
    [InlineData("1.4T", 1.4e12)]
    [InlineData("300B", 300e9)]
    public void Tokens_accept_suffixes(string text, double expected) =>
        Assert.Equal(expected, QuantityParser.Tokens(text).Value, 0);

    [Theory]
    [InlineData("3.2e23", 3.2e23)]
    [InlineData("5.76E+23", 5.76e23)]
    [InlineData("120 PF-days", 120 * 8.64e19)] // 1 PF-day = 1e15 * 86400 (docs/scaling-laws.md, Conventions)
    [InlineData("1pfd", 8.64e19)]
    public void Flops_accept_scientific_and_petaflop_days(string text, double expected) =>
        Assert.Equal(expected, QuantityParser.Flops(text).Value, expected * 1e-12);

    [Theory]
    [InlineData("36h", 36 * 3600)]
    [InlineData("14d", 14 * 86400)]
    [InlineData("90m", 5400)]
    [InlineData("2w", 14 * 86400)]
    public void Durations_need_a_unit(string text, double seconds) =>
        Assert.Equal(seconds, QuantityParser.Duration(text).Value);

    [Theory]
    [InlineData("$1.2M", 1.2e6)]
    [InlineData("$250K", 250e3)]
    [InlineData("40,000", 40000)]
    public void Dollars_accept_sign_and_suffix(string text, double expected) =>
        Assert.Equal(expected, QuantityParser.Dollars(text).Value, 6);

    [Theory]
    [InlineData("7Q")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("7BB")]
    [InlineData("1e999")]
    [InlineData("7 billion")]
    public void Malformed_counts_are_errors_naming_field_and_value(string text)
    {
        var e = Assert.Throws<InputException>(() => QuantityParser.Parameters(text, "--params"));
        Assert.Equal("--params", e.Parameter);
        Assert.Contains($"'{text}'", e.Message);
    }

    [Theory]
    [InlineData("36")]   // seconds? hours? ambiguous
    [InlineData("3y")]
    [InlineData("h")]
    public void Ambiguous_durations_are_errors(string text) =>
        Assert.Throws<InputException>(() => QuantityParser.Duration(text, "--days"));

    [Theory]
    [InlineData(3.219e10, "32.2B")]
    [InlineData(2.982e12, "2.98T")]
    [InlineData(124439808, "124M")]
    [InlineData(950, "950")]
    [InlineData(1.2e15, "1.2e15")]
    public void Counts_print_with_three_significant_digits(double v, string expected) =>
        Assert.Equal(expected, QuantityFormat.Count(v));

    [Theory]
    [InlineData(5.76e23, "5.76e23")]
    [InlineData(9.996e22, "1e23")]
    [InlineData(1.0, "1e0")]
    public void Scientific_handles_rounding_carry(double v, string expected) =>
        Assert.Equal(expected, QuantityFormat.Scientific(v));

    [Theory]
    [InlineData(42, "42 s")]
    [InlineData(1800, "30 min")]
    [InlineData(5400, "1.5 h")]
    [InlineData(36 * 3600, "36 h")]
    [InlineData(30 * 86400, "30 d")]
    public void Durations_print_in_the_largest_sensible_unit(double s, string expected) =>
        Assert.Equal(expected, QuantityFormat.Duration(s));

    [Fact]
    public void Formatting_then_parsing_round_trips_to_three_digits()
    {
        foreach (var v in new[] { 1.234e6, 7.5e9, 3.3e11, 2.98e12 })
            Assert.Equal(v, QuantityParser.Parameters(QuantityFormat.Count(v)).Value, v * 5e-3);
    }
}
