using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Loop;
using ScalingLab.Units;

namespace ScalingLab.Training.Tests;

/// <summary>A run asked by budget or size trains the plan pipeline's shape, tokens and schedule; fixed values replace the rule's.</summary>
public class RunPlannerTests
{
    private static readonly ResolvedLaw Law = new ResolvedLaw.LossLaw(LawCatalog.Default);

    // Only the metadata matters to the planner: the vocabulary and the size of the training split.
    private static DatasetMetadata Data(string tokenizer = "byte", int vocab = 256) =>
        new(tokenizer, vocab, vocab <= 256 ? 1 : 2, 5_844_574, 264_874, 5_844_574, 264_874, 0.05, "brown", []);

    private static Plan LibraryPlan(PlanQuestion q) =>
        Planner.Language(new PlanRequest(q, Law, Shape: new ShapeOptions(256, 256)));

    [Fact]
    public void A_budget_trains_the_plans_shape_tokens_learning_rate_batch_and_schedule()
    {
        var run = RunPlanner.Plan(new RunSpec("/data", Budget: new Flops(1e13)), Law, Data());
        var plan = LibraryPlan(new PlanQuestion.ComputeOptimal(new Flops(1e13)));
        var o = run.Options;
        Assert.Equal(plan.Shape.Shape, o.Shape);
        Assert.Equal(plan.Allocation.Tokens, o.Tokens);
        Assert.Equal(plan.Schedule.BatchSequences, o.BatchSequences);
        Assert.Equal(plan.Schedule.Curve, o.LearningRate);
        // DeepSeek's rule at this shape: eta = 0.3118 C^-0.125 with C = M·D (non-embedding FLOPs per token x tokens).
        var c = FlopCount.PerToken(o.Shape, FlopConvention.DeepSeekM) * o.Tokens.Value;
        Assert.Equal(0.3118 * Math.Pow(c, -0.125), o.LearningRate.Peak, 12);
        Assert.Equal(0.1 * o.LearningRate.Peak, o.LearningRate.Final, 15);
        // B = 0.2920 C^0.3271 tokens, in whole sequences of 256.
        Assert.Equal(Math.Round(0.2920 * Math.Pow(c, 0.3271) / 256), o.BatchSequences);
        Assert.Equal((long)Math.Ceiling(o.Tokens.Value / (o.BatchSequences * 256.0)), o.Steps);
        Assert.Equal(Math.Min(2000, (long)Math.Floor(0.1 * o.Steps)), o.LearningRate.WarmupSteps);
        Assert.StartsWith("plan: compute-optimal for a budget of 1e13 FLOPs under besiroglu2024", run.Origins.Shape);
        Assert.Equal("deepseek2024: DeepSeek-AI 2024, from C = M·D (DeepSeek non-embedding FLOPs)", run.Origins.LearningRate);
        Assert.Equal(Math.Max(1, o.Steps / 20), o.EvalEvery);
        Assert.Equal(Math.Max(1, o.Steps / 10), o.CheckpointEvery);
    }

    [Fact]
    public void Fixed_batch_learning_rate_and_warm_up_replace_the_rules_and_the_steps_follow()
    {
        var run = RunPlanner.Plan(new RunSpec("/data", Parameters: new Parameters(1e6), LearningRate: 1e-3, BatchSequences: 16, WarmupFraction: 0.02), Law, Data());
        var plan = LibraryPlan(new PlanQuestion.TokensForParameters(new Parameters(1e6)));
        var o = run.Options;
        Assert.Equal(plan.Shape.Shape, o.Shape);           // the size and tokens are still the plan's
        Assert.Equal(plan.Allocation.Tokens, o.Tokens);
        Assert.Equal(16, o.BatchSequences);
        Assert.Equal(1e-3, o.LearningRate.Peak);
        Assert.Equal(1e-4, o.LearningRate.Final, 15);
        Assert.Equal((long)Math.Ceiling(o.Tokens.Value / 4096), o.Steps); // 16 x 256 tokens per update
        Assert.Equal(Math.Round(0.02 * o.Steps), o.LearningRate.WarmupSteps);
        Assert.Equal(1e-4, o.LearningRate.At(o.Steps - 1), 15); // the decay ends at the run's own last update
        Assert.Equal("given: ‹learningRate›", run.Origins.LearningRate);
        Assert.Equal("given: ‹batchSequences›", run.Origins.Batch);
        Assert.Equal("given: ‹warmupFraction› of the steps", run.Origins.Warmup);
    }

    [Fact]
    public void An_explicit_shape_gets_the_rules_schedule_for_that_shape()
    {
        var run = RunPlanner.Plan(new RunSpec("/data", Layers: 2, DModel: 128, Tokens: new Tokens(5e6)), Law, Data());
        var shape = ShapeSearch.Make(2, 128, new ShapeRequest(new Parameters(1), 256, 256));
        Assert.Equal(shape, run.Options.Shape);
        Assert.Equal(Schedule.Scheduler.For(shape, new Tokens(5e6)).Curve, run.Options.LearningRate);
        Assert.Equal("given: ‹layers›, ‹dModel›", run.Origins.Shape);
    }

    [Theory]
    [InlineData(1, null, "dModel")]
    [InlineData(null, 64, "layers")]
    public void Half_an_explicit_shape_names_the_missing_half(int? layers, int? dModel, string missing)
    {
        var e = Assert.Throws<InputException>(() => RunPlanner.Plan(new RunSpec("/data", Layers: layers, DModel: dModel, Tokens: new Tokens(1e6)), Law, Data()));
        Assert.Equal(missing, e.Parameter);
        Assert.Equal("(missing)", e.Value);
    }

    [Fact]
    public void A_budget_too_small_for_any_model_says_so_by_the_budget()
    {
        // 1e11 FLOPs: the law's compute-optimal N is ~21K, while the smallest shape at vocabulary 256 and
        // context 256 (1 layer, d_model 64: embeddings 2 x 16,384, a block of 49,984, a final norm of 128) has 82,880.
        var e = Assert.Throws<InputException>(() => RunPlanner.Plan(new RunSpec("/data", Budget: new Flops(1e11)), Law, Data()));
        Assert.Equal("budget", e.Parameter);
        Assert.Equal("1e11", e.Value);
        Assert.Contains("too small for any model at vocabulary 256 (byte)", e.Message);
        Assert.Contains("has 82.9K", e.Message);
        Assert.DoesNotContain("byte-level dataset", e.Message); // the data already is byte-level
        var gpt2 = Assert.Throws<InputException>(() => RunPlanner.Plan(new RunSpec("/data", Budget: new Flops(1e11)), Law, Data("gpt2", 50257)));
        Assert.Contains("byte-level dataset", gpt2.Message);
    }
}
