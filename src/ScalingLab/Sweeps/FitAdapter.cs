using ScalingLab.Fitting;
using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>
/// The one place where sweeps call the fitting library, so that changes to its API are followed
/// here only: Approach 3 with its bootstrap and its backtest through <see cref="Fitter"/>, as `fit`
/// runs them, and Approaches 1 and 2 as their own fits (each returns null with the reason when the
/// runs cannot support it).
/// </summary>
public static class FitAdapter
{
    public const double Confidence = 0.95;

    /// <summary>
    /// Approach 3, bootstrapped at the target budget, backtested on the largest budget when 3 remain. A fit
    /// that is no scaling law is kept (the report says so and shows the other approaches); saving it as a law is refused.
    /// </summary>
    public static FitReport Parametric(RunTable finals, Flops target, int resamples, int seed)
    {
        var groups = BudgetGroups.Of(finals.Points).Count(g => g.Points.Count >= IsoFlopFit.DefaultMinPoints);
        return Fitter.Fit(finals, new FitRequest(Approaches.Parametric, BootstrapResamples: resamples, Seed: seed, Budget: target,
            Confidence: Confidence, BacktestBudgets: groups >= 4 ? 1 : 0) { KeepNoLaw = true });
    }

    public static (IsoFlopResult? Result, string? Reason) IsoFlop(IReadOnlyList<RunPoint> finals)
    {
        try { return (IsoFlopFit.Fit(finals, confidence: Confidence), null); }
        catch (InputException e) { return (null, e.Allowed); }
    }

    public static (EnvelopeResult? Result, string? Reason) Envelope(IReadOnlyList<RunPoint> curves, int flopValues = EnvelopeFit.DefaultFlopValues)
    {
        try { return (EnvelopeFit.Fit(curves, flopValues, Confidence), null); }
        catch (InputException e) { return (null, e.Allowed); }
    }

    public static IReadOnlyList<BudgetGroup> Budgets(IReadOnlyList<RunPoint> points) => BudgetGroups.Of(points);

    public static PowerLaw Power(IReadOnlyList<double> x, IReadOnlyList<double> y) => PowerLaw.Fit(x, y, Confidence);
}
