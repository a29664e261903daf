using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>
/// Compute-optimal allocation for any law and FLOP convention. Along the iso-compute curve
/// D(N) = C / flopsPerToken(N) the loss is minimised where dL/dln N = 0; that derivative is
/// found from the law's (analytic) log-gradient and solved with a bracketed Brent root finder
/// (absolute tolerance 1e-12 in ln N). For the Chinchilla form under 6N the closed form is used
/// and the two agree to better than 1e-6 relative (tested across 1e18..1e28).
/// </summary>
public static class Allocator
{
    // Search range in parameters: from a toy model to far beyond anything trained.
    public const double MinParameters = 1e3;
    public const double MaxParameters = 1e16;

    public static Allocation ComputeOptimal(IScalingLaw law, Flops budget,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null)
    {
        if (law is ChinchillaLaw ch && convention == FlopConvention.SixN)
            return ClosedForm.ComputeOptimal(ch, budget);
        return ComputeOptimalNumeric(law, budget, convention, family);
    }

    public static Allocation ComputeOptimalNumeric(IScalingLaw law, Flops budget,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null)
    {
        family ??= new ShapeFamily();
        double Fpt(double n) => family.FlopsPerToken(n, convention);
        double Tokens(double lnN) => budget.Value / Fpt(Math.Exp(lnN));

        // d ln D / d ln N along the curve is -(d ln fpt / d ln N): exactly -1 under 6N.
        double Slope(double lnN)
        {
            if (convention == FlopConvention.SixN) return 1;
            const double h = 1e-6;
            return (Math.Log(Fpt(Math.Exp(lnN + h))) - Math.Log(Fpt(Math.Exp(lnN - h)))) / (2 * h);
        }

        double Derivative(double lnN)
        {
            var (gn, gd) = law.LogGradient(new(Math.Exp(lnN)), new(Tokens(lnN)));
            return gn - gd * Slope(lnN);
        }

        // Keep at least one token per parameter's worth of data on the table: D >= 1.
        var lo = Math.Log(MinParameters);
        var hi = Math.Log(MaxParameters);
        while (hi > lo + 1e-9 && Tokens(hi) < 1) hi -= 0.25;
        var root = RootFinder.FirstRisingRoot(Derivative, lo, hi);
        var edge = root is null;
        var lnN = root ?? (Derivative(lo) >= 0 ? lo : hi);
        var n = Math.Exp(lnN);
        var d = Tokens(lnN);
        return new Allocation(new(n), new(d), budget, convention, law.Loss(new(n), new(d)),
            AllocationMethod.Numeric, edge);
    }

    /// <summary>The lowest loss reachable with the budget.</summary>
    public static double MinimumLoss(IScalingLaw law, Flops budget, FlopConvention convention = FlopConvention.SixN,
        ShapeFamily? family = null) => ComputeOptimal(law, budget, convention, family).Loss.Value;

    /// <summary>Fixed N: the token count (and budget) at which N is the compute-optimal size.</summary>
    public static Allocation ForParameters(IScalingLaw law, Parameters n,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null) =>
        law is ChinchillaLaw ch && convention == FlopConvention.SixN
            ? ComputeOptimal(law, ClosedForm.BudgetForParameters(ch, n), convention)
            : WhereOptimal(law, a => a.Parameters.Value, n.Value, "parameters", n.ToString(), convention, family);

    /// <summary>Fixed D: the model size (and budget) for which D is the compute-optimal data.</summary>
    public static Allocation ForTokens(IScalingLaw law, Tokens d,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null) =>
        law is ChinchillaLaw ch && convention == FlopConvention.SixN
            ? ComputeOptimal(law, ClosedForm.BudgetForTokens(ch, d), convention)
            : WhereOptimal(law, a => a.Tokens.Value, d.Value, "tokens", d.ToString(), convention, family);

    // Both N_opt(C) and D_opt(C) grow with C, so the budget where one equals a target is one root in ln C.
    private static Allocation WhereOptimal(IScalingLaw law, Func<Allocation, double> quantity, double target,
        string field, string text, FlopConvention convention, ShapeFamily? family)
    {
        var lnC = SolveBudget(c => Math.Log(quantity(ComputeOptimal(law, new(c), convention, family))) - Math.Log(target), field, text);
        return ComputeOptimal(law, new(Math.Exp(lnC)), convention, family);
    }

    /// <summary>Target loss: the smallest budget whose optimal allocation reaches it.</summary>
    public static Allocation ForTargetLoss(IScalingLaw law, double targetLoss,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null)
    {
        if (!double.IsFinite(targetLoss) || targetLoss <= law.IrreducibleLoss)
            throw new InputException("targetLoss", targetLoss.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                $"law {law.Name} cannot go below its irreducible loss {law.IrreducibleLoss:0.####}; expected a larger value");
        // Loss falls as the budget grows, so -(loss - target) rises through zero.
        var lnC = SolveBudget(c => targetLoss - MinimumLoss(law, new(c), convention, family), "targetLoss",
            targetLoss.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ComputeOptimal(law, new(Math.Exp(lnC)), convention, family);
    }

    /// <summary>
    /// The tokens a model of N parameters needs to reach a loss: exact for the Chinchilla form
    /// (B/D^beta = target - E - A/N^alpha), otherwise a Brent root in ln D (1e-12). An error when the
    /// target is at or below the model's loss with endless data.
    /// </summary>
    public static Tokens TokensToReach(IScalingLaw law, Parameters n, Loss target)
    {
        var floor = law.Loss(n, new Tokens(1e30));
        if (target <= floor)
            throw new InputException("targetLoss", target.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
                $"a {n}-parameter model cannot reach it under {law.Name} (its loss floor is {floor.Value:0.####}); expected a larger loss or more parameters");
        if (law is ChinchillaLaw c)
            return new Tokens(Math.Pow(c.B / (target.Value - c.E - c.A / Math.Pow(n.Value, c.Alpha)), 1 / c.Beta));
        var lnD = MathNet.Numerics.RootFinding.Brent.FindRoot(x => target.Value - law.Loss(n, new Tokens(Math.Exp(x))).Value,
            Math.Log(1e-3), Math.Log(1e30), RootFinder.Tolerance, 300);
        return new Tokens(Math.Exp(lnD));
    }

    /// <summary>Fixed N and D: no choice left, just the cost and the loss.</summary>
    public static Allocation AtPoint(IScalingLaw law, Parameters n, Tokens d,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null)
    {
        family ??= new ShapeFamily();
        var c = family.FlopsPerToken(n.Value, convention) * d.Value;
        return new Allocation(n, d, new(c), convention, law.Loss(n, d), AllocationMethod.Fixed);
    }

    /// <summary>Fixed N and budget: the tokens the budget buys at that size.</summary>
    public static Allocation ForParametersAndBudget(IScalingLaw law, Parameters n, Flops budget,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null)
    {
        family ??= new ShapeFamily();
        var d = new Tokens(budget.Value / family.FlopsPerToken(n.Value, convention));
        return new Allocation(n, d, budget, convention, law.Loss(n, d), AllocationMethod.Fixed);
    }

    /// <summary>Fixed D and budget: the largest model the budget affords at that token count.</summary>
    public static Allocation ForTokensAndBudget(IScalingLaw law, Tokens d, Flops budget,
        FlopConvention convention = FlopConvention.SixN, ShapeFamily? family = null)
    {
        family ??= new ShapeFamily();
        var f = family;
        var lnN = RootFinder.Increasing(x => Math.Log(f.FlopsPerToken(Math.Exp(x), convention) * d.Value) - Math.Log(budget.Value),
            Math.Log(1), Math.Log(MaxParameters))
            ?? throw new InputException("tokens", d.ToString(), $"a budget of {budget} cannot train any model on that many tokens; expected fewer tokens or a larger budget");
        var n = new Parameters(Math.Exp(lnN));
        return new Allocation(n, d, budget, convention, law.Loss(n, d), AllocationMethod.Fixed);
    }

    private static double SolveBudget(Func<double, double> residualOfBudget, string field, string value)
    {
        double F(double lnC) => residualOfBudget(Math.Exp(lnC));
        return RootFinder.Increasing(F, Math.Log(1e6), Math.Log(1e40))
            ?? throw new InputException(field, value, "no budget between 1e6 and 1e40 FLOPs reaches it under this law");
    }
}
