namespace ScalingLab.Training.Loop;

/// <summary>
/// Linear warm-up, then cosine decay to a floor that ends exactly at the last step. Hoffmann et al.
/// (2022, App. B) show a cosine cycle longer than the run overstates the loss of the tokens seen.
/// </summary>
public static class LearningRateSchedule
{
    public static double At(long step, long steps, long warmupSteps, double peak, double minFraction)
    {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        var span = Math.Max(1, steps - 1 - warmupSteps);
        var progress = Math.Min(1.0, (double)(step - warmupSteps) / span);
        var floor = peak * minFraction;
        return floor + (peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
