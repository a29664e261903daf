namespace ScalingLab.Fitting;

/// <summary>
/// L-BFGS settings with L-BFGS-B's meaning (Zhu, Byrd, Lu, Nocedal 1997; SciPy's defaults):
/// stop when the relative decrease (f_k - f_k+1)/max(|f_k|,|f_k+1|,1) ≤ Factr·ε_machine, or
/// when max_i |g_i| ≤ Pgtol. Factr 0 turns the decrease test into "no decrease at all".
/// </summary>
public sealed record LbfgsOptions(
    double Factr = 1e7, double Pgtol = 1e-5, int Memory = 10, int MaxIterations = 15000, int MaxEvaluations = 15000)
{
    /// <summary>SciPy's L-BFGS-B defaults (factr 1e7, pgtol 1e-5, m 10), as the reference fit (docs/scaling-laws.md Sec. 3) used.</summary>
    public static LbfgsOptions SciPyDefaults { get; } = new();

    /// <summary>
    /// For bootstrap resamples started at the full-data optimum: the default tests stop at once there
    /// (docs/dotnet.md: intervals ten times too narrow), so only the gradient test may end a fit.
    /// </summary>
    public static LbfgsOptions Tight { get; } = new(Factr: 0, Pgtol: 1e-9);
}
