namespace ScalingLab.Fitting;

/// <summary>The estimators a backtest compares; each predicts the optimal size and the minimum loss at an unseen budget.</summary>
public enum BacktestMethod
{
    /// <summary>Approach 2 as Hoffmann et al.: each budget's parabola vertex taken as exact, N* = k C^a by ordinary least squares in log-log, the loss frontier E + K C^−γ unweighted.</summary>
    Approach2,
    /// <summary>Approach 2 with each vertex's uncertainty (delta method) propagated: weights 1/(σ² + τ²), τ² the scatter between budgets beyond it.</summary>
    Approach2Weighted,
    /// <summary>Approach 3 (the parametric law, Huber on log residuals) and its closed-form optimum.</summary>
    Approach3,
}
