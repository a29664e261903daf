using System.Text.Json.Serialization;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// The bootstrap's answer: intervals for the constants and for what users care about at a budget,
/// the samples themselves, and the evidence that every resample's fit converged. In JSON the
/// intervals sit beside the fit they belong to (approach3.intervals) and the samples go to the law file only.
/// </summary>
public sealed record BootstrapResult(
    [property: JsonIgnore] IReadOnlyList<ChinchillaLaw> Samples,
    [property: JsonIgnore] BootstrapIntervals Intervals,
    Flops Budget, double Confidence, int Resamples, int Seed,
    int ConvergedResamples, double MaxGradientNorm, IReadOnlyDictionary<string, int> StopReasons,
    int GridChecks, double GridCheckMaxRelativeGap, double Seconds)
{
    /// <summary>All resamples stopped on the gradient test and the grid refits found no lower minimum.</summary>
    public bool Proven => ConvergedResamples == Resamples && GridCheckMaxRelativeGap <= Bootstrap.SameMinimumRelative;
}
