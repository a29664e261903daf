using ScalingLab.Units;

namespace ScalingLab.Schedule;

/// <summary>
/// The learning rate of every optimizer update of a run, as plain numbers a run can store and read
/// back: a linear warm-up to <see cref="Peak"/> over <see cref="WarmupSteps"/> updates, then a cosine
/// that lands on <see cref="Final"/> at the last update (Hoffmann et al. 2022 match the cycle to the
/// run's length), or DeepSeek's constant phases (<see cref="ScheduleKind.MultiStep"/>). The plan's
/// <see cref="TrainingSchedule"/> and the trainer both take the rate from <see cref="At"/>: one
/// function, as nanoGPT has one get_lr.
/// </summary>
/// <param name="Peak">The rate at the end of warm-up.</param>
/// <param name="Final">The rate of the last update (the cosine's floor, or the last phase's rate).</param>
/// <param name="WarmupSteps">Updates 0 .. WarmupSteps - 1 rise linearly; update WarmupSteps - 1 runs at the peak.</param>
/// <param name="Steps">Updates in the run; update Steps - 1 is the last.</param>
/// <param name="Kind">The shape after warm-up.</param>
/// <param name="Phases">For multistep: the fraction of the peak until each share of the tokens.</param>
public sealed record LearningRateSchedule(
    double Peak,
    double Final,
    long WarmupSteps,
    long Steps,
    ScheduleKind Kind = ScheduleKind.Cosine,
    IReadOnlyList<SchedulePhase>? Phases = null)
{
    /// <summary>The rate of update <paramref name="step"/>, counted from 0.</summary>
    public double At(long step)
    {
        if (step < 0 || step >= Steps) throw new ArgumentOutOfRangeException(nameof(step), step, $"expected an update from 0 to {Steps - 1}");
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        if (Kind == ScheduleKind.MultiStep)
        {
            // The share of the run's tokens seen before this update decides its phase.
            var seen = (double)step / Steps;
            foreach (var phase in Phases ?? [])
                if (seen < phase.UntilTokenFraction) return Peak * phase.Fraction;
            return Final;
        }
        var span = Steps - 1 - WarmupSteps;
        var progress = span > 0 ? (double)(step - WarmupSteps) / span : 1.0;
        return Final + (Peak - Final) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Checks the numbers (for a schedule read back from a file or built by hand).</summary>
    public LearningRateSchedule Validated()
    {
        InputChecks.Range(Steps, "steps", 1, long.MaxValue);
        InputChecks.Range(Peak, "learningRate", MinRate, MaxRate);
        InputChecks.Range(Final, "finalLearningRate", 0, Peak);
        InputChecks.Range(WarmupSteps, "warmupSteps", 0, Steps);
        if (Kind == ScheduleKind.MultiStep && (Phases is not { Count: > 0 } phases
                || phases.Zip(phases.Skip(1)).Any(p => !(p.Second.UntilTokenFraction > p.First.UntilTokenFraction))
                || phases.Any(p => !(p.Fraction > 0 && p.Fraction <= 1))))
            throw new InputException("phases", Phases?.Count.ToString() ?? "none",
                "expected multistep phases with rising token shares and rates from above 0 to 1 x the peak");
        return this;
    }

    /// <summary>The range a peak learning rate is accepted in.</summary>
    public const double MinRate = 1e-9, MaxRate = 100;
}
