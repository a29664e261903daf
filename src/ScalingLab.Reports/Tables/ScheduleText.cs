using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Reports.Tables;

/// <summary>How a schedule's numbers are written, the same in `plan` and `train`, so the two print the same text for the same run.</summary>
public static class ScheduleText
{
    public static string Rate(double learningRate) => QuantityFormat.Scientific(learningRate);

    public static string Batch(int sequences, int context) =>
        $"{sequences:N0} sequences x {context} = {QuantityFormat.Count((double)sequences * context)} tokens";

    public static string Steps(LearningRateSchedule s) => $"{s.Steps:N0} (warm-up {s.WarmupSteps:N0})";

    public static string Decay(LearningRateSchedule s) => s.Kind == ScheduleKind.Cosine
        ? $"cosine to {Rate(s.Final)} over all steps"
        : $"multistep: {string.Join(", ", (s.Phases ?? []).Select(ph => $"{ph.Fraction:0.###}x until {ph.UntilTokenFraction:0%}"))}";
}
