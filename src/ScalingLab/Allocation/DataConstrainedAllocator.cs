using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>
/// The best (N, D) for a budget when only U unique tokens exist, and what it costs against
/// unlimited data. <see cref="Allocation"/> holds the chosen point (its loss under repetition).
/// </summary>
public sealed record DataConstrainedAllocation(
    [property: System.Text.Json.Serialization.JsonIgnore] Allocation Allocation,
    [property: System.Text.Json.Serialization.JsonIgnore] DataConstrainedLaw Law,
    Allocation Unlimited, Tokens EffectiveTokens, Parameters EffectiveParameters)
{
    public double RdStar => Law.Repetition.RdStar;
    public double RnStar => Law.Repetition.RnStar;
    public double WarnEpochs => Law.Repetition.WarnEpochs;
    public Source RepetitionSource => Law.Repetition.Source;
    public Tokens UniqueTokens => Law.UniqueTokens;
    /// <summary>U_N of the chosen run: the size its min(D, U) unique tokens can use.</summary>
    public Parameters UniqueParameters => Law.UniqueParametersFor(Allocation.Tokens);
    public double Epochs => Law.Epochs(Allocation.Tokens);
    /// <summary>Loss above what the same budget buys with unlimited fresh data.</summary>
    public double LossPenalty => Allocation.Loss.Value - Unlimited.Loss.Value;
    /// <summary>The best loss this unique data allows at any compute.</summary>
    public double LossFloor => Law.IrreducibleLoss;
    public bool BeyondRuleOfThumb => Epochs > Law.Repetition.WarnEpochs;
    /// <summary>The budget at which the rule-of-thumb epoch count (~4) becomes optimal: where this data runs out.</summary>
    public Flops BudgetAtWarnEpochs => DataConstrainedAllocator.BudgetForEpochs(Law, Law.Repetition.WarnEpochs).Flops;
}

/// <summary>
/// Muennighoff et al. 2023 found the optimum by grid search. Here it is solved exactly under
/// C = 6ND: along the iso-FLOP curve the loss is a smooth (C^1) function of ln N, so every
/// stationary point is a root of dL/dln N = g_N' e_N - g_D' e_D (e = elasticity of the effective
/// amount). All roots on a 512-point grid over ln N in [ln 1e3, ln(C/6)] are refined with Brent
/// (tolerance 1e-12 in ln N) and the lowest loss wins, so a second local minimum cannot hide.
/// Closed form where one exists: if the unlimited optimum needs no more than U tokens it is also
/// the constrained optimum (it has N = N_opt(D), so N' = N and D' = D there, while repetition only
/// lowers N' and D' elsewhere), and it is returned as is. No closed form exists beyond that: the
/// stationarity condition alpha A N'^-alpha e_N = beta B D'^-beta e_D mixes powers with the
/// exponential decay of both N' and D'. It does separate, though: the left side depends only on
/// N/U_N and the right only on the epochs, so the optimal path in (epochs, N/U_N) does not depend
/// on the budget; with alpha = beta it does not depend on U either, and the optimal epochs are a
/// function of C/U^2 alone (tested). With alpha = beta and repetition the optimum always has N > U_N.
/// </summary>
public static class DataConstrainedAllocator
{
    /// <summary>The repetition-aware law for U unique tokens over a Chinchilla-form base law.</summary>
    public static DataConstrainedLaw LawFor(IScalingLaw baseLaw, Tokens unique, Repetition? repetition = null) =>
        baseLaw is ChinchillaLaw ch
            ? new DataConstrainedLaw(ch, unique, repetition ?? Repetition.Muennighoff2023)
            : throw new InputException("law", baseLaw.Name, "‹uniqueTokens› needs a Chinchilla-form law (E + A/N^alpha + B/D^beta), the form Muennighoff et al. extend");

    public static DataConstrainedAllocation ComputeOptimal(IScalingLaw baseLaw, Tokens unique, Flops budget, Repetition? repetition = null) =>
        ComputeOptimal(LawFor(baseLaw, unique, repetition), budget);

    public static DataConstrainedAllocation ComputeOptimal(DataConstrainedLaw law, Flops budget)
    {
        var unlimited = Allocator.ComputeOptimal(law.Base, budget);
        if (unlimited.Tokens.Value <= law.UniqueTokens.Value)
            return Describe(law, unlimited, unlimited);
        return Describe(law, ExactOptimum(law, budget), unlimited);
    }

    /// <summary>The global minimum over ln N, found from all stationary points (never the closed-form shortcut).</summary>
    public static Allocation ExactOptimum(DataConstrainedLaw law, Flops budget)
    {
        double Tokens(double lnN) => budget.Value / (6 * Math.Exp(lnN));
        double LossAt(double lnN) => law.Loss(new(Math.Exp(lnN)), new(Tokens(lnN))).Value;
        double Derivative(double lnN)
        {
            var (gn, gd) = law.LogGradient(new(Math.Exp(lnN)), new(Tokens(lnN)));
            return gn - gd; // d ln D / d ln N = -1 under 6ND
        }
        var lo = Math.Log(Allocator.MinParameters);
        var hi = Math.Log(budget.Value / 6); // at least one token
        if (hi <= lo) throw new InputException("budget", budget.ToString(), "too small to train a 1,000-parameter model on one token; expected a larger budget");
        var candidates = RootFinder.RisingRoots(Derivative, lo, hi).ToList();
        var edge = candidates.Count == 0;
        candidates.Add(lo);
        candidates.Add(hi);
        var best = candidates.MinBy(LossAt);
        var n = Math.Exp(best);
        return new Allocation(new(n), new(Tokens(best)), budget, Compute.FlopConvention.SixN,
            new(LossAt(best)), AllocationMethod.Numeric, edge);
    }

    /// <summary>
    /// The inverse map: the budget at which a given number of epochs is the optimum, with its (N, D).
    /// At fixed D beyond one epoch, dL/dln D does not depend on N (the base law is separable and U_N
    /// is fixed), while dL/dln N = g_N' e_N rises monotonically to 0, so stationarity has exactly one
    /// root in ln N (Brent, 1e-12). Up to one epoch the closed form answers. Round trips with
    /// <see cref="ComputeOptimal(DataConstrainedLaw, Flops)"/> (tested).
    /// </summary>
    public static Allocation BudgetForEpochs(DataConstrainedLaw law, double epochs)
    {
        if (!(epochs > 0) || !double.IsFinite(epochs))
            throw new InputException("epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "expected a positive number of epochs");
        var d = new Tokens(epochs * law.UniqueTokens.Value);
        if (epochs <= 1) return ClosedForm.ComputeOptimal(law.Base, ClosedForm.BudgetForTokens(law.Base, d));
        double Stationarity(double lnN)
        {
            var (gn, gd) = law.LogGradient(new(Math.Exp(lnN)), d);
            return gn - gd;
        }
        var lnN = RootFinder.Increasing(Stationarity, Math.Log(Allocator.MinParameters), Math.Log(Allocator.MaxParameters))
            ?? throw new InputException("epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), $"no model between {new Parameters(Allocator.MinParameters)} and {new Parameters(Allocator.MaxParameters)} parameters makes it optimal");
        return Allocator.AtPoint(law, new(Math.Exp(lnN)), d) with { Method = AllocationMethod.Numeric };
    }

    /// <summary>The smallest budget whose constrained optimum reaches the target loss.</summary>
    public static DataConstrainedAllocation ForTargetLoss(IScalingLaw baseLaw, Tokens unique, double targetLoss, Repetition? repetition = null)
    {
        var law = LawFor(baseLaw, unique, repetition);
        if (!double.IsFinite(targetLoss) || targetLoss <= law.IrreducibleLoss)
            throw new InputException("targetLoss", targetLoss.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
                $"with {unique} unique tokens {baseLaw.Name} cannot go below {law.IrreducibleLoss:0.####} at any compute; expected a larger loss or more unique data");
        // The constrained optimum's loss falls monotonically with the budget: bisect ln C.
        double Residual(double lnC) => targetLoss - ComputeOptimal(law, new Flops(Math.Exp(lnC))).Allocation.Loss.Value;
        var lnC = RootFinder.Increasing(Residual, Math.Log(1e6), Math.Log(1e40))
            ?? throw new InputException("targetLoss", targetLoss.ToString(System.Globalization.CultureInfo.InvariantCulture), "no budget between 1e6 and 1e40 FLOPs reaches it");
        return ComputeOptimal(law, new Flops(Math.Exp(lnC)));
    }

    /// <summary>A fixed (N, D): the loss with repetition and the unlimited optimum for the same FLOPs.</summary>
    public static DataConstrainedAllocation AtPoint(IScalingLaw baseLaw, Tokens unique, Parameters n, Tokens d, Repetition? repetition = null)
    {
        var law = LawFor(baseLaw, unique, repetition);
        var point = Allocator.AtPoint(law, n, d);
        return Describe(law, point, Allocator.ComputeOptimal(baseLaw, point.Flops));
    }

    private static DataConstrainedAllocation Describe(DataConstrainedLaw law, Allocation chosen, Allocation unlimited)
    {
        var withRepetition = chosen with { Loss = law.Loss(chosen.Parameters, chosen.Tokens) };
        return new DataConstrainedAllocation(withRepetition, law, unlimited,
            law.EffectiveTokens(chosen.Tokens), law.EffectiveParameters(chosen.Parameters, chosen.Tokens));
    }
}
