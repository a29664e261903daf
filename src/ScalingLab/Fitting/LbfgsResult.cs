namespace ScalingLab.Fitting;

/// <summary>Why an L-BFGS run stopped.</summary>
public enum LbfgsStatus
{
    /// <summary>max |g_i| ≤ pgtol.</summary>
    ConvergedGradient,
    /// <summary>The relative decrease fell to factr·ε.</summary>
    ConvergedDecrease,
    MaxIterations,
    MaxEvaluations,
    /// <summary>The line search failed from a fresh steepest-descent direction (L-BFGS-B's ABNORMAL_TERMINATION_IN_LNSRCH).</summary>
    LineSearchFailed,
    /// <summary>The objective or gradient is not finite at the start.</summary>
    NotFinite,
}

/// <summary>One L-BFGS run: where it ended, the value and gradient norm there, and the work done.</summary>
public readonly record struct LbfgsResult(double F, double GradientNorm, int Iterations, int Evaluations, LbfgsStatus Status)
{
    public bool Converged => Status is LbfgsStatus.ConvergedGradient or LbfgsStatus.ConvergedDecrease;
}
