namespace ScalingLab.Fitting;

/// <summary>
/// What a backtest is asked to do: hold out the <see cref="HoldOut"/> largest budgets (or, with
/// <see cref="LeaveOneOut"/>, each budget in turn), refit every method on the rest and predict what
/// was held out. With <see cref="Resamples"/> > 0 each prediction gets a <see cref="Confidence"/>
/// interval from a bootstrap over whole training budgets.
/// </summary>
public sealed record BacktestRequest(
    int HoldOut = 1,
    bool LeaveOneOut = false,
    IReadOnlyList<BacktestMethod>? Methods = null,
    ParametricFitOptions? Parametric = null,
    double ToleranceDex = BudgetGroups.DefaultToleranceDex,
    int MinPoints = IsoFlopFit.DefaultMinPoints,
    int Resamples = 0,
    int Seed = 0,
    double Confidence = 0.95)
{
    public IReadOnlyList<BacktestMethod> MethodList => Methods ?? [BacktestMethod.Approach2, BacktestMethod.Approach2Weighted, BacktestMethod.Approach3];
    public ParametricFitOptions ParametricOptions => Parametric ?? new();
}
