namespace ScalingLab.Cli.Tests;

/// <summary>Bad input exits 2 with exactly one line on stderr naming the field; never a stack trace.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("--budget", "plan", "--budget", "-1")]
    [InlineData("--budget", "plan", "--budget", "0")]
    [InlineData("--budget", "plan", "--budget", "NaN")]
    [InlineData("--budget", "plan", "--budget", "7Q")]
    [InlineData("--law", "plan", "--budget", "1e22", "--law", "chinchila")]
    [InlineData("--budget", "plan", "--budget")]
    [InlineData("--params", "plan", "--params", "7Q")]
    [InlineData("--target-loss", "plan", "--target-loss", "1.0")]
    [InlineData("--flops-convention", "plan", "--budget", "1e22", "--flops-convention", "7N")]
    [InlineData("--vocab", "plan", "--budget", "1e22", "--vocab", "0")]
    [InlineData("--tokens", "predict", "--params", "7B")]
    [InlineData("--layers", "model", "--d-model", "768")]
    [InlineData("--layers", "model", "--layers", "abc", "--d-model", "768")]
    [InlineData("plan", "plan")]
    [InlineData("--aspect-ratio", "model", "--params", "7B", "--aspect-ratio", "0")]
    [InlineData("--aspect-ratio", "plan", "--budget", "1e22", "--aspect-ratio", "-5")]
    public void Exit_2_with_one_line_naming_the_field(string field, params string[] args) =>
        CliRunner.Run(args).AssertBadInput(field);

    [Fact]
    public void Unknown_verb_is_a_usage_error()
    {
        var r = CliRunner.Run("plna");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("plna", r.Err);
    }

    [Fact]
    public void The_real_process_exits_2_without_a_stack_trace()
    {
        var r = CliRunner.RunProcess("plan", "--budget", "7Q");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --budget: '7Q' is not valid; a positive FLOP count such as 3.2e23, 5.76e23 or 120 PF-days", r.Err.Trim());
    }

    [Fact]
    public void The_real_process_plans_and_exits_0()
    {
        var r = CliRunner.RunProcess("plan", "--budget", "5.76e23", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("besiroglu2024", (string)r.Json["law"]!);
    }

    [Fact]
    public void Help_teaches_with_examples()
    {
        var r = CliRunner.Run("plan", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("scalinglab plan --budget 5.76e23", r.Out);
        Assert.Contains("--target-loss", r.Out);
    }
}
