namespace ScalingLab.Cli.Tests;

/// <summary>
/// Issue 13, class 1: an answer that is not finite or lies outside the usable range (1K to 1e16
/// parameters, 1 to 1e30 tokens, 1e6 to 1e40 FLOPs) is never printed: the table and the JSON both
/// refuse it with one line naming what the user fixed and the range.
/// </summary>
public class AnswerRangeTests
{
    [Theory]
    [InlineData("--params", "plan", "--params", "1e300")]
    [InlineData("--params", "plan", "--params", "1e300", "--json")]
    [InlineData("--tokens", "plan", "--tokens", "1e300")]
    [InlineData("--budget", "plan", "--budget", "1e300", "--json")]
    [InlineData("--budget", "plan", "--budget", "10")]
    [InlineData("--params", "plan", "--params", "1", "--json")]
    [InlineData("--params", "predict", "--params", "1e300", "--tokens", "1e300", "--json")]
    [InlineData("--params", "predict", "--params", "1e300", "--tokens", "1e300")]
    [InlineData("--tokens", "predict", "--params", "7B", "--tokens", "1e35")]
    public void Answers_outside_the_usable_range_are_refused(string field, params string[] args)
    {
        var r = CliRunner.Run(args);
        r.AssertBadInput(field);
        Assert.Contains("1e16 parameters", r.Err);
        foreach (var garbage in new[] { "Infinity", "NaN" })
            Assert.DoesNotContain(garbage, r.Out);
    }

    [Fact]
    public void The_edges_of_the_range_still_answer()
    {
        // 1e40 FLOPs asks for ~1.4e19 parameters under the default law: outside. 1e30 is well inside.
        Assert.Equal(0, CliRunner.Run("plan", "--budget", "1e30", "--json").ExitCode);
        Assert.Equal(0, CliRunner.Run("plan", "--params", "1K", "--json").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", "--budget", "1e40").ExitCode);
    }
}

/// <summary>Issue 13, class 7: one line, the right field, the value, what is allowed; no .NET type names.</summary>
public class MessageTests
{
    [Theory]
    [InlineData("--budget", "did you mean --budget", "plan", "--budjet", "1e22")]
    [InlineData("plna", "did you mean plan", "plna", "--budget", "1e22")]
    [InlineData("--vocab", "an integer from 1 to", "plan", "--budget", "1e22", "--vocab", "2.5")]
    [InlineData("--gpus", "the count must be a whole number", "plan", "--gpus", "2.5xH100", "--days", "3")]
    [InlineData("--gmacs", "vision plans", "plan", "--budget", "1e22", "--gmacs", "1e12")]
    [InlineData("--schedule", "expected cosine, multistep, wsd or multi-step", "plan", "--budget", "1e22", "--schedule", "linear")]
    public void Messages_name_the_right_field_and_what_is_allowed(string field, string says, params string[] args)
    {
        var r = CliRunner.Run(args);
        r.AssertBadInput(field);
        Assert.Contains(says, r.Err);
        foreach (var leak in new[] { "System.", "Int32", "Double", "Exception" })
            Assert.DoesNotContain(leak, r.Err);
    }
}
