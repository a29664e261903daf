using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Tests.Schedule;

public class SchedulerTests
{
    // DeepSeek LLM 7B (docs/scaling-laws.md Sec. 6): 30 layers, d 4096, l_seq 4096, 2T tokens -> M = 4.228e10, C = 8.456e22.
    private static readonly ModelShape DeepSeek7B = new(30, 4096, 32, 128, 11008, 102400, 4096, false, PositionKind.Rotary, MlpKind.SwiGlu, false);

    [Fact]
    public void DeepSeek_7B_gets_their_learning_rate_and_batch()
    {
        var s = Scheduler.For(DeepSeek7B, new Tokens(2e12));
        Assert.Equal(8.456e22, s.RuleInput, 0.001e22);
        Assert.Equal(4.25e-4, s.PeakLearningRate, 0.005e-4);
        Assert.Equal(9.22e6, s.RuleBatchTokens, 0.005e6);
        Assert.InRange(s.BatchSequences, 2251, 2253);      // docs/scaling-laws.md Sec. 6: ~2,252 (they used 2,304)
        Assert.Equal(4096, s.Context);
    }

    [Fact]
    public void Steps_cover_the_planned_tokens_and_the_cosine_ends_at_a_tenth()
    {
        var s = Scheduler.For(DeepSeek7B, new Tokens(2e12));
        Assert.True(s.ScheduledTokens >= 2e12 && s.ScheduledTokens < 2e12 + s.BatchTokens);
        Assert.Equal(2000, s.WarmupSteps);
        Assert.Equal(s.PeakLearningRate, s.Curve.At(s.WarmupSteps - 1), 12);
        Assert.Equal(s.PeakLearningRate, s.Curve.At(s.WarmupSteps), 12);
        Assert.Equal(0.1 * s.PeakLearningRate, s.Curve.At(s.Steps - 1), 12); // the last update runs at the floor
        Assert.Equal(0.1 * s.PeakLearningRate, s.FinalLearningRate, 12);
        Assert.True(s.Curve.At(s.Steps / 2) < s.PeakLearningRate);
    }

    [Fact]
    public void DeepSeek_multistep_drops_to_31_6_then_10_percent()
    {
        var s = Scheduler.For(DeepSeek7B, new Tokens(2e12), new ScheduleRequest(Kind: ScheduleKind.MultiStep));
        Assert.Equal(s.PeakLearningRate, s.Curve.At((long)(0.5 * s.Steps)), 12);
        Assert.Equal(0.316 * s.PeakLearningRate, s.Curve.At((long)(0.85 * s.Steps)), 12);
        Assert.Equal(0.1 * s.PeakLearningRate, s.Curve.At((long)(0.95 * s.Steps)), 12);
    }

    [Fact]
    public void A_run_that_fixes_its_batch_learning_rate_or_warm_up_gets_steps_and_decay_for_them()
    {
        var planned = Scheduler.For(DeepSeek7B, new Tokens(2e12));
        var s = Scheduler.For(DeepSeek7B, new Tokens(2e12), new ScheduleRequest(BatchSequences: 1024, PeakLearningRate: 3e-4, WarmupFraction: 0.01));
        Assert.Equal(1024, s.BatchSequences);
        Assert.Equal((long)Math.Ceiling(2e12 / (1024.0 * 4096)), s.Steps); // 476,838 updates of 4.19M tokens
        Assert.Equal(Math.Round(0.01 * s.Steps), s.WarmupSteps);
        Assert.Equal(3e-4, s.PeakLearningRate);
        Assert.Equal(3e-5, s.FinalLearningRate, 15);                      // the cosine still ends at a tenth
        Assert.Equal(planned.RuleBatchTokens, s.RuleBatchTokens);         // what the rule said is kept beside it
        Assert.Equal(3e-5, s.Curve.At(s.Steps - 1), 15);
        Assert.Equal("batchSequences", Assert.Throws<InputException>(() => Scheduler.For(DeepSeek7B, new Tokens(2e12), new ScheduleRequest(BatchSequences: 0))).Parameter);
        Assert.Equal("warmupFraction", Assert.Throws<InputException>(() => Scheduler.For(DeepSeek7B, new Tokens(2e12), new ScheduleRequest(WarmupFraction: 0.7))).Parameter);
        Assert.Equal("learningRate", Assert.Throws<InputException>(() => Scheduler.For(DeepSeek7B, new Tokens(2e12), new ScheduleRequest(PeakLearningRate: double.NaN))).Parameter);
    }

    [Fact]
    public void Olmo_ladder_rule_scales_from_108M()
    {
        // docs/scaling-laws.md Sec. 7: batch = 160 (N/108M)^(2/3) sequences, LR = 0.0047 (N/108M)^(-1/3).
        var olmo = HyperparameterCatalog.Get("olmo-ladder");
        Assert.Equal(160, olmo.Batch.Evaluate(108e6), 9);
        Assert.Equal(640, olmo.Batch.Evaluate(8 * 108e6), 9);
        Assert.Equal(0.0047 / 2, olmo.LearningRate.Evaluate(8 * 108e6), 12);
        var shape = ShapeSearch.Propose(new ShapeRequest(new Parameters(1e9))).Shape;
        var s = Scheduler.For(shape, new Tokens(2e10), new ScheduleRequest("olmo-ladder"));
        var n = ParameterCount.Total(shape);
        Assert.Equal(Math.Round(160 * Math.Pow(n / 108e6, 2.0 / 3)), s.BatchSequences);
    }

    [Fact]
    public void Critical_batch_is_kaplans_at_kaplans_loss()
    {
        var s = Scheduler.For(DeepSeek7B, new Tokens(2e12));
        var k = LawCatalog.Kaplan;
        Assert.Equal(k.CriticalBatchTokens(k.Loss(new(ParameterCount.NonEmbedding(DeepSeek7B)), new(2e12)).Value), s.CriticalBatchTokens, 1e-3);
    }

    [Fact]
    public void Unknown_rule_and_schedule_are_input_errors()
    {
        Assert.Equal("hyperparameters", Assert.Throws<InputException>(() => HyperparameterCatalog.Get("adam")).Parameter);
        Assert.Equal("schedule", Assert.Throws<InputException>(() => ScheduleKinds.Parse("linear")).Parameter);
    }
}
