using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Schedule;
using ScalingLab.Training.Model;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>
/// Everything that determines a run's result. Two runs with equal options on the same data give
/// the same losses, whether or not one was interrupted and resumed.
/// </summary>
public sealed record TrainOptions(
    ModelShape Shape,
    Tokens Tokens,
    int BatchSequences = 16,
    double PeakLearningRate = 2e-3,
    double MinLearningRateFraction = 0.1,
    double WarmupFraction = 0.05,
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
    string Device = "cpu")
{
    public long TokensPerStep => (long)BatchSequences * Shape.Context;

    /// <summary>Optimizer steps: the planned tokens rounded up to whole batches.</summary>
    public long Steps => Math.Max(1, (long)Math.Ceiling(Tokens.Value / TokensPerStep));

    /// <summary>Warm-up steps; the cosine decay then runs exactly to <see cref="Steps"/>.</summary>
    public long WarmupSteps => Math.Max(1, (long)Math.Round(Steps * WarmupFraction));

    /// <summary>The learning rate of every update: the library's one schedule function.</summary>
    public LearningRateSchedule LearningRate => new(PeakLearningRate, PeakLearningRate * MinLearningRateFraction, WarmupSteps, Steps);

    public TrainOptions Validated()
    {
        Shape.Validated();
        if (!(Tokens.Value >= 1)) throw new InputException("tokens", Tokens.Value.ToString("G"), "expected at least one token");
        Check(BatchSequences, "batch", 1, 65_536);
        CheckD(PeakLearningRate, "lr", 1e-9, 100);
        CheckD(MinLearningRateFraction, "minLrFraction", 0, 1);
        CheckD(WarmupFraction, "warmup", 0, 0.5);
        CheckD(WeightDecay, "weightDecay", 0, 10);
        CheckD(ClipNorm, "clip", 0, 1e9);
        Check(EvalEvery, "evalEvery", 1, int.MaxValue);
        Check(CheckpointEvery, "checkpointEvery", 1, int.MaxValue);
        CheckD(SpikeFactor, "spikeFactor", 1.01, 1e9);
        Check(Threads, "threads", 1, 1024);
        if (Precision is not (Precision.Fp32 or Precision.Bf16))
            throw new InputException("precision", Precision.Key(), "expected fp32 or bf16: the trainer runs its matrix products in one of those (bf16 with fp32 master weights)");
        if (Device is not ("cpu" or "cuda")) throw new InputException("device", Device, "expected cpu or cuda");
        return this;
    }

    private static void Check(long v, string field, long min, long max)
    {
        if (v < min || v > max) throw new InputException(field, v.ToString(), $"expected an integer from {min} to {max}");
    }

    private static void CheckD(double v, string field, double min, double max)
    {
        if (!(v >= min && v <= max)) throw new InputException(field, v.ToString("G"), $"expected a number from {min:G} to {max:G}");
    }
}
