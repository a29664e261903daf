using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>
/// Everything that determines a run's result. Two runs with equal options on the same data give
/// the same losses, whether or not one was interrupted and resumed. The shape, tokens, batch and
/// learning-rate schedule are normally a plan's (<see cref="For"/>); run.json stores them all.
/// </summary>
/// <param name="Tokens">The planned tokens; the run covers them in whole batches (<see cref="Steps"/>).</param>
/// <param name="BatchSequences">Sequences of the context length per optimizer update.</param>
/// <param name="LearningRate">The rate of every update: warm-up, peak, decay to the final rate at the last update.</param>
public sealed record TrainOptions(
    ModelShape Shape,
    Tokens Tokens,
    int BatchSequences,
    LearningRateSchedule LearningRate,
    double WeightDecay = 0.1,
    double ClipNorm = 1.0,
    Precision Precision = Precision.Fp32,
    long Seed = 1,
    int EvalEvery = 200,
    long EvalTokens = 65_536,
    int CheckpointEvery = 200,
    double SpikeFactor = 3.0,
    int LogEvery = 10,
    int Threads = 2,
    TrainingDevice Device = TrainingDevice.Cpu)
{
    /// <summary>The shortest context a run accepts (and so the fewest tokens a dataset split may hold, plus one window's target).</summary>
    public const int MinContext = 8;

    /// <summary>Training <paramref name="shape"/> on a schedule's tokens, batch and learning rates.</summary>
    public static TrainOptions For(ModelShape shape, TrainingSchedule schedule) =>
        new(shape, schedule.Tokens, schedule.BatchSequences, schedule.Curve);

    public long TokensPerStep => (long)BatchSequences * Shape.Context;

    /// <summary>Optimizer updates: the planned tokens in whole batches, as the schedule counts them.</summary>
    public long Steps => LearningRate.Steps;

    /// <summary>The tokens the steps cover (at least the planned tokens).</summary>
    public double ScheduledTokens => (double)Steps * TokensPerStep;

    public TrainOptions Validated()
    {
        Shape.Validated();
        if (!(Tokens.Value >= 1 && double.IsFinite(Tokens.Value)))
            throw new InputException("tokens", QuantityFormat.Raw(Tokens.Value), "expected at least one token");
        InputChecks.Range(BatchSequences, "batchSequences", 1, Scheduler.MaxBatchSequences);
        LearningRate.Validated();
        var steps = (long)Math.Max(1, Math.Ceiling(Tokens.Value / TokensPerStep));
        if (LearningRate.Steps != steps)
            throw new InputException("steps", LearningRate.Steps.ToString(), $"expected the {steps:N0} updates that cover {Tokens} tokens in batches of {TokensPerStep:N0}");
        InputChecks.Range(WeightDecay, "weightDecay", 0, 10);
        InputChecks.Range(ClipNorm, "clipNorm", 0, 1e9);
        if (Precision is not (Precision.Fp32 or Precision.Bf16))
            throw new InputException("precision", Precision.Key(), "expected fp32 or bf16: the trainer runs its matrix products in one of those (bf16 with fp32 master weights)");
        InputChecks.Range(EvalEvery, "evalEvery", 1, int.MaxValue);
        InputChecks.Range(EvalTokens, "evalTokens", 1, long.MaxValue);
        InputChecks.Range(CheckpointEvery, "checkpointEvery", 1, int.MaxValue);
        InputChecks.Range(SpikeFactor, "spikeFactor", 1.01, 1e9);
        InputChecks.Range(LogEvery, "logEvery", 1, int.MaxValue);
        InputChecks.Range(Threads, "threads", 1, 1024);
        if (!Enum.IsDefined(Device)) throw new InputException("device", Device.ToString(), "expected cpu or cuda");
        return this;
    }
}
