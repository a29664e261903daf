namespace ScalingLab.Progress;

/// <summary>
/// Where long work stands, as the library reports it through <see cref="IProgress{T}"/>: the stage
/// (a fit's approach, a bootstrap, a training run), how much of it is done out of how much, and a
/// short detail (the current loss, a rate). Whoever shows it decides how: the CLI draws a live bar
/// on a terminal and writes plain lines to a pipe.
/// </summary>
public sealed record WorkProgress(string Stage, double Done, double Total, string? Detail = null)
{
    public double Fraction => Total > 0 ? Math.Clamp(Done / Total, 0, 1) : 0;
}
