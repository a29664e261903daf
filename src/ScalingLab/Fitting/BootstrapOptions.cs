using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// Settings of the bootstrap: resamples of the points with replacement, each refitted from the
/// full-data optimum with tight tolerances (<see cref="LbfgsOptions.Tight"/>), then central
/// intervals. <see cref="GridChecks"/> resamples are also refitted from the whole start grid to
/// prove the warm start found the same minimum.
/// </summary>
public sealed record BootstrapOptions(
    int Resamples = 1000, int Seed = 0, double Confidence = 0.95, Flops? Budget = null,
    LbfgsOptions? Optimizer = null, int GridChecks = 2)
{
    /// <summary>Chinchilla's own budget (Hoffmann et al. 2022, Sec. 3), the default for derived intervals.</summary>
    public static readonly Flops DefaultBudget = new(5.76e23);
    public Flops At => Budget ?? DefaultBudget;
    public LbfgsOptions Lbfgs => Optimizer ?? LbfgsOptions.Tight;
}
