namespace ScalingLab.Fitting;

/// <summary>
/// Settings of the Approach-3 fit. Defaults reproduce Hoffmann et al. 2022 / Besiroglu et al. 2024:
/// Huber δ = 1e-3 on summed log residuals, searched by variable projection over the (α, β) grid
/// (<see cref="ParametricMethod"/>; the 4,500-start grid with SciPy's L-BFGS-B tolerances is
/// <see cref="ParametricMethod.Grid"/>), all cores.
/// </summary>
public sealed record ParametricFitOptions(
    double HuberDelta = 1e-3,
    StartGrid? Grid = null,
    LbfgsOptions? Optimizer = null,
    bool Simd = true,
    int MaxDegreeOfParallelism = -1,
    ParametricMethod Method = ParametricMethod.VariableProjection,
    ExponentGrid? ExponentGrid = null)
{
    public StartGrid StartGrid => Grid ?? StartGrid.Hoffmann;
    public ExponentGrid Exponents => ExponentGrid ?? Fitting.ExponentGrid.Default;
    public LbfgsOptions Lbfgs => Optimizer ?? LbfgsOptions.SciPyDefaults;
}
