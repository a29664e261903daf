using System.Text.Json;
using ScalingLab.Schedule;
using ScalingLab.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Tests.Schedule;

public class LearningRateScheduleTests
{
    // 100 updates, 10 of warm-up, peak 1e-3, floor 1e-4.
    private static readonly LearningRateSchedule Cosine = new(1e-3, 1e-4, 10, 100);

    [Fact]
    public void Warm_up_rises_linearly_to_the_peak_then_the_cosine_lands_on_the_floor_at_the_last_update()
    {
        Assert.Equal(1e-4, Cosine.At(0), 15);   // a tenth of the way up
        Assert.Equal(5e-4, Cosine.At(4), 15);
        Assert.Equal(1e-3, Cosine.At(9), 15);   // the last warm-up update runs at the peak
        Assert.Equal(1e-3, Cosine.At(10), 15);  // and so does the first decay update (cos 0)
        // The decay spans updates 10 .. 99 (89 intervals): its midpoint, 54.5, sits half-way between peak and floor.
        Assert.Equal(0.55e-3, 0.5 * (Cosine.At(54) + Cosine.At(55)), 6);
        Assert.Equal(1e-4, Cosine.At(99), 15);
        for (var s = 10; s < 99; s++) Assert.True(Cosine.At(s + 1) < Cosine.At(s), $"not decreasing at {s}");
        Assert.Throws<ArgumentOutOfRangeException>(() => Cosine.At(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cosine.At(-1));
    }

    [Fact]
    public void Multistep_holds_each_phase_until_its_share_of_the_tokens()
    {
        // DeepSeek-AI 2024, Sec. 2.3: the peak until 80% of the tokens, 31.6% of it until 90%, then 10%.
        var s = new LearningRateSchedule(1e-3, 1e-4, 0, 1000, ScheduleKind.MultiStep,
            [new(0.8, 1.0), new(0.9, 0.316), new(1.0, 0.1)]).Validated();
        Assert.Equal(1e-3, s.At(799), 15);
        Assert.Equal(0.316e-3, s.At(800), 15);
        Assert.Equal(0.316e-3, s.At(899), 15);
        Assert.Equal(1e-4, s.At(900), 15);
        Assert.Equal(1e-4, s.At(999), 15);
    }

    [Fact]
    public void Without_warm_up_the_first_update_runs_at_the_peak()
    {
        var s = new LearningRateSchedule(2e-3, 2e-4, 0, 11);
        Assert.Equal(2e-3, s.At(0), 15);
        Assert.Equal(1.1e-3, s.At(5), 15); // the midpoint of 0 .. 10
        Assert.Equal(2e-4, s.At(10), 15);
    }

    [Fact]
    public void A_stored_schedule_reads_back_to_the_same_rate_at_every_update()
    {
        var plan = Scheduler.For(new ScalingLab.Compute.ModelShape(2, 128, 2, 64, 512, 256, 256), new Tokens(5e6));
        var json = JsonSerializer.Serialize(plan.Curve, ScalingLabJson.Options);
        var back = JsonSerializer.Deserialize<LearningRateSchedule>(json, ScalingLabJson.Options)!;
        Assert.Equal(plan.Curve with { Phases = null }, back with { Phases = null });
        for (var s = 0L; s < plan.Steps; s++) Assert.Equal(plan.Curve.At(s), back.At(s));
        // The plan's numbers are the curve's.
        Assert.Equal(plan.PeakLearningRate, back.Peak);
        Assert.Equal(plan.FinalLearningRate, back.At(plan.Steps - 1), 15);
        Assert.Equal(plan.WarmupSteps, back.WarmupSteps);
    }

    [Fact]
    public void Nonsense_is_named_by_parameter()
    {
        Assert.Equal("learningRate", Assert.Throws<InputException>(() => (Cosine with { Peak = -1 }).Validated()).Parameter);
        Assert.Equal("finalLearningRate", Assert.Throws<InputException>(() => (Cosine with { Final = 2e-3 }).Validated()).Parameter);
        Assert.Equal("warmupSteps", Assert.Throws<InputException>(() => (Cosine with { WarmupSteps = 101 }).Validated()).Parameter);
        Assert.Equal("steps", Assert.Throws<InputException>(() => (Cosine with { Steps = 0 }).Validated()).Parameter);
        Assert.Equal("phases", Assert.Throws<InputException>(() => (Cosine with { Kind = ScheduleKind.MultiStep }).Validated()).Parameter);
    }
}
