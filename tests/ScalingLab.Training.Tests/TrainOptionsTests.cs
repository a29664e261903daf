using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;
using ScalingLab.Training.Loop;
using ScalingLab.Units;

namespace ScalingLab.Training.Tests;

public class TrainOptionsTests
{
    private static readonly ModelShape Shape = ShapeSearch.Make(2, 64, new ShapeRequest(new Parameters(1), 256, 64));

    // 100,000 tokens in batches of 16 x 64: 98 updates (the last batch whole).
    private static TrainOptions Options() => TrainOptions.For(Shape, Scheduler.For(Shape, new Tokens(1e5), new ScheduleRequest(BatchSequences: 16)));

    [Fact]
    public void Steps_cover_the_tokens_in_whole_batches_and_the_schedule_spans_them()
    {
        var o = Options().Validated();
        Assert.Equal(98, o.Steps);
        Assert.Equal(98 * 1024, o.ScheduledTokens);
        Assert.Equal(o.LearningRate.Final, o.LearningRate.At(97), 15);
    }

    [Theory]
    [InlineData(Precision.Fp8)]
    [InlineData(Precision.Fp16)]
    [InlineData(Precision.Tf32)]
    [InlineData(Precision.Fp64)]
    public void The_trainer_runs_fp32_and_bf16_of_the_librarys_precisions(Precision precision)
    {
        var e = Assert.Throws<InputException>(() => (Options() with { Precision = precision }).Validated());
        Assert.Equal("precision", e.Parameter);
        Assert.Equal(precision.Key(), e.Value);
        Assert.Contains("expected fp32 or bf16", e.Message);
        Assert.Equal(Precision.Bf16, (Options() with { Precision = Precision.Bf16 }).Validated().Precision);
    }

    [Fact]
    public void A_schedule_that_does_not_span_the_runs_steps_is_refused()
    {
        var o = Options();
        var e = Assert.Throws<InputException>(() => (o with { LearningRate = o.LearningRate with { Steps = 97 } }).Validated());
        Assert.Equal("steps", e.Parameter);
        Assert.Contains("the 98 updates", e.Message);
        Assert.Equal("batchSequences", Assert.Throws<InputException>(() => (o with { BatchSequences = 0 }).Validated()).Parameter);
        Assert.Equal("spikeFactor", Assert.Throws<InputException>(() => (o with { SpikeFactor = 1 }).Validated()).Parameter);
    }
}
