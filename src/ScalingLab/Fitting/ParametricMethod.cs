namespace ScalingLab.Fitting;

/// <summary>How Approach 3 searches for its minimum (the objective is the same: summed Huber loss of log residuals).</summary>
public enum ParametricMethod
{
    /// <summary>
    /// Variable projection (the default): for each (α, β) of an exponent grid the best (E, A, B) is
    /// found by an exact inner minimisation of the same Huber objective, the lowest cells of that
    /// surface are then polished by L-BFGS over all five constants. See <see cref="VariableProjectionFit"/>.
    /// </summary>
    VariableProjection,
    /// <summary>Hoffmann et al.'s search: L-BFGS from every point of a 5-D start grid (4,500 starts by default).</summary>
    Grid,
}
