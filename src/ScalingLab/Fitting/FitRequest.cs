using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>The form a fit fits: the Chinchilla form L(N, D) by Approaches 1-3, or the saturating compute-only form E(C).</summary>
public enum FitForm { Chinchilla, Saturating }

/// <summary>Which approaches to run.</summary>
[Flags]
public enum Approaches { Envelope = 1, IsoFlop = 2, Parametric = 4, All = Envelope | IsoFlop | Parametric }

/// <summary>Everything `fit` was asked to do, as one immutable record.</summary>
public sealed record FitRequest(
    Approaches Approaches = Approaches.All,
    ParametricFitOptions? Parametric = null,
    int BootstrapResamples = 0,
    int Seed = 0,
    Flops? Budget = null,
    double Confidence = 0.95,
    double BudgetToleranceDex = BudgetGroups.DefaultToleranceDex,
    int BacktestBudgets = 0,
    bool BacktestLeaveOneOut = false)
{
    /// <summary>Whether a backtest was asked for (K largest budgets, or leave-one-out).</summary>
    public bool Backtests => BacktestBudgets > 0 || BacktestLeaveOneOut;

    /// <summary>The backtest's methods: those of the approaches asked for.</summary>
    public IReadOnlyList<BacktestMethod> BacktestMethods =>
        [.. Approaches.HasFlag(Approaches.IsoFlop) ? new[] { BacktestMethod.Approach2, BacktestMethod.Approach2Weighted } : [],
         .. Approaches.HasFlag(Approaches.Parametric) ? new[] { BacktestMethod.Approach3 } : []];

    public ParametricFitOptions ParametricOptions => Parametric ?? new();

    public static Approaches ParseApproach(string text, string field = "approach") => text.Trim().ToLowerInvariant() switch
    {
        "1" => Approaches.Envelope,
        "2" => Approaches.IsoFlop,
        "3" => Approaches.Parametric,
        "all" => Approaches.All,
        _ => throw new InputException(field, text, "expected 1 (envelope of training curves), 2 (IsoFLOP profiles), 3 (parametric) or all"),
    };
}
