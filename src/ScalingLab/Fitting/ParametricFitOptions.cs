namespace ScalingLab.Fitting;

/// <summary>
/// Settings of the Approach-3 fit. Defaults reproduce Hoffmann et al. 2022 / Besiroglu et al. 2024:
/// Huber δ = 1e-3, the 4,500-start grid, L-BFGS with SciPy's L-BFGS-B tolerances, all cores.
/// </summary>
public sealed record ParametricFitOptions(
    double HuberDelta = 1e-3,
    StartGrid? Grid = null,
    LbfgsOptions? Optimizer = null,
    bool Simd = true,
    int MaxDegreeOfParallelism = -1)
{
    public StartGrid StartGrid => Grid ?? StartGrid.Hoffmann;
    public LbfgsOptions Lbfgs => Optimizer ?? LbfgsOptions.SciPyDefaults;
}
