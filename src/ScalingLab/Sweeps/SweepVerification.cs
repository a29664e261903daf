using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>
/// A run trained beyond the sweep (`sweep verify`) set against what the sweep's law predicts for it:
/// the loss Approach 3 gives at the run's own (N, D), the central interval of that loss over the
/// bootstrap's laws, and the final validation loss the run measured.
/// </summary>
public sealed record SweepVerification(string Run, double Flops, double Parameters, double Tokens,
    double PredictedLoss, Interval LossInterval, double MeasuredLoss)
{
    /// <summary>Measured minus predicted, as a share of the measured loss.</summary>
    public double RelativeError => (MeasuredLoss - PredictedLoss) / MeasuredLoss;

    /// <summary>Whether the measurement lies inside the interval (false when the fit had no bootstrap).</summary>
    public bool Inside => MeasuredLoss >= LossInterval.Low && MeasuredLoss <= LossInterval.High;

    /// <summary>The prediction of <paramref name="analysis"/> for a run of <paramref name="parameters"/> trained on <paramref name="tokens"/>.</summary>
    public static SweepVerification Of(SweepAnalysisResult analysis, string run, double parameters, double tokens, double measuredLoss)
    {
        var fit = analysis.Parametric.Parametric ?? throw new ArgumentException("the analysis has no Approach-3 fit", nameof(analysis));
        var (n, d) = (new Parameters(parameters), new Tokens(tokens));
        var predicted = fit.ToLaw("sweep", new Laws.Source("sweep analyze", "Approach 3", 0)).Loss(n, d).Value;
        var samples = analysis.Parametric.Bootstrap?.Samples;
        var interval = samples is null ? new Interval(double.NaN, double.NaN)
            : Interval.Central(samples.Select(l => l.Loss(n, d).Value), FitAdapter.Confidence);
        return new SweepVerification(run, Units.Flops.Of(n, d).Value, parameters, tokens, predicted, interval, measuredLoss);
    }
}
