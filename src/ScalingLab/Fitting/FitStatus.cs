namespace ScalingLab.Fitting;

/// <summary>
/// How a fit ended, in one word for scripts (JSON writes it camelCase). Only <see cref="Converged"/>
/// is a fit to use without a second look; every other member says what to check or change.
/// </summary>
public enum FitStatus
{
    /// <summary>The best start stopped on a convergence test (max |g| at or below pgtol, or no further relative decrease) away from the edge of the search range.</summary>
    Converged,
    /// <summary>Converged, but only starts on the edge of the start grid reached the optimum, or the exponents sit on the edge of their search range: widen the grid to be sure nothing better lies beyond it.</summary>
    OnGridEdge,
    /// <summary>The best start used up its iterations or objective evaluations before a convergence test passed: the constants may still be moving.</summary>
    MaxIterations,
    /// <summary>The line search found no acceptable step even along steepest descent (L-BFGS-B's ABNORMAL_TERMINATION_IN_LNSRCH): usually the objective is flat at machine precision, sometimes badly scaled data.</summary>
    LineSearchFailed,
    /// <summary>The objective or its gradient was not finite where the best start ended: the data do not support this form (check for zero or negative losses and absurd sizes).</summary>
    NotFinite,
}

/// <summary>From how the best optimiser run stopped (and whether its optimum sits on the search edge) to a <see cref="FitStatus"/>.</summary>
public static class FitStatuses
{
    public static FitStatus Of(LbfgsStatus stop, bool onEdge) => stop switch
    {
        LbfgsStatus.ConvergedGradient or LbfgsStatus.ConvergedDecrease => onEdge ? FitStatus.OnGridEdge : FitStatus.Converged,
        LbfgsStatus.MaxIterations or LbfgsStatus.MaxEvaluations => FitStatus.MaxIterations,
        LbfgsStatus.LineSearchFailed => FitStatus.LineSearchFailed,
        _ => FitStatus.NotFinite,
    };
}
