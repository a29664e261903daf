namespace ScalingLab.Cli.Tests;

/// <summary>Shell completion through System.CommandLine's [suggest:POSITION] directive (what the README's bash function calls).</summary>
public class CompletionTests
{
    [Theory]
    [InlineData("[suggest:10]", "plan --bud", "--budget")]
    [InlineData("[suggest:21]", "scalinglab plan --bud", "--budget")]
    [InlineData("[suggest:23]", "scalinglab export sagem", "sagemaker")]
    [InlineData("[suggest:38]", "scalinglab export slurm --plan p --eng", "--engine")]
    public void Suggest_completes_the_word_at_the_cursor(string directive, string line, string expected)
    {
        var r = CliRunner.Run(directive, line);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal([expected], r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
