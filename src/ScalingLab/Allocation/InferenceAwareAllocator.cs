using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Allocation;

/// <summary>
/// Training and inference hardware from the catalog, each with a price per accelerator-hour, for
/// the dollar version of the objective. A FLOP costs price / (dense peak x MFU), as in
/// <see cref="RunCost"/>; the number of accelerators does not change that.
/// </summary>
public sealed record InferencePricing
{
    // Hardware requests stay out of the JSON: the plan's assumptions say what each side costs.
    public HardwareRequest Training { get; }
    public HardwareRequest Inference { get; }

    public InferencePricing(HardwareRequest training, HardwareRequest inference)
    {
        if (training.Price is null) throw new InputException("pricePerAcceleratorHour", "(missing)", "the dollar objective needs a training price: ‹instance› with a known price or ‹pricePerAcceleratorHour›");
        if (inference.Price is null) throw new InputException("inferencePricePerAcceleratorHour", "(missing)", "the dollar objective needs an inference price: ‹inferenceInstance› with a known price or ‹inferencePricePerAcceleratorHour›");
        Training = training;
        Inference = inference;
    }

    public Dollars TrainingCost(Flops work) => RunCost.Of(work, Training, Training.Mfu.Value).Cost!.Value;

    public Dollars InferenceCost(Flops work) => RunCost.Of(work, Inference, Inference.Mfu.Value).Cost!.Value;

    /// <summary>Inference dollars per FLOP over training dollars per FLOP.</summary>
    public double InferenceWeight => InferenceCost(new Flops(1)).Value / TrainingCost(new Flops(1)).Value;
}

/// <summary>What the inference-aware allocation minimises: lifetime FLOPs, or lifetime dollars when both sides have prices.</summary>
public enum InferenceObjective { Flops, Dollars }

/// <summary>The cost of one model over its life: training (6ND) plus serving T tokens (2NT).</summary>
public sealed record LifetimeCost([property: System.Text.Json.Serialization.JsonIgnore] Allocation Training, Flops InferenceFlops, Dollars? TrainingDollars, Dollars? InferenceDollars)
{
    public Parameters Parameters => Training.Parameters;
    public Tokens Tokens => Training.Tokens;
    public Flops TrainingFlops => Training.Flops;
    public Flops TotalFlops => new(Training.Flops.Value + InferenceFlops.Value);
    public Dollars? TotalDollars => TrainingDollars is { } t && InferenceDollars is { } i ? new(t.Value + i.Value) : null;
}

/// <summary>
/// The inference-aware model for a target loss next to the Chinchilla-optimal one with the same
/// loss: how much smaller and longer-trained it is, and what the lifetime saves.
/// </summary>
public sealed record InferenceAwareAllocation(Tokens InferenceTokens, LifetimeCost Chosen, LifetimeCost ComputeOptimal, InferenceObjective Objective)
{
    [System.Text.Json.Serialization.JsonIgnore] public Allocation Allocation => Chosen.Training;
    public double SizeRatio => Chosen.Training.Parameters.Value / ComputeOptimal.Training.Parameters.Value;
    public double TokenRatio => Chosen.Training.Tokens.Value / ComputeOptimal.Training.Tokens.Value;
    public Flops FlopsSaved => new(ComputeOptimal.TotalFlops.Value - Chosen.TotalFlops.Value);
    public Dollars? TrainingDollars => Chosen.TrainingDollars;
    public Dollars? InferenceDollars => Chosen.InferenceDollars;
    public Dollars? TotalDollars => Chosen.TotalDollars;
    public Dollars? DollarsSaved => ComputeOptimal.TotalDollars is { } a && Chosen.TotalDollars is { } b ? new(a.Value - b.Value) : null;
}

/// <summary>
/// Sardana et al. 2024: for a lifetime of T inference tokens, minimise 6·N·D + 2·N·T (or, with
/// prices, p_train·6ND + p_inf·2NT) subject to L(N, D) = target. For each N the data D(N) that
/// reaches the target is a 1-D root in ln D; the cost's derivative in ln N,
/// w_t·6ND (1 - g_N/g_D) + w_i·2NT, is negative at the smallest N that can reach the target and
/// positive for large N, and its root (Brent, 1e-12 in ln N) is the optimum. With T = 0 this is
/// the compute-optimal allocation.
/// </summary>
public static class InferenceAwareAllocator
{
    public static InferenceAwareAllocation ForTargetLoss(IScalingLaw law, double targetLoss, Tokens inferenceTokens, InferencePricing? pricing = null)
    {
        if (inferenceTokens.Value < 0 || !double.IsFinite(inferenceTokens.Value))
            throw new InputException("inferenceTokens", inferenceTokens.ToString(), "expected a non-negative token count such as 2T");
        var baseline = Allocator.ForTargetLoss(law, targetLoss);
        // The dollar objective is the FLOP objective with inference tokens scaled by the price ratio.
        var weight = pricing?.InferenceWeight ?? 1;
        var weightedT = inferenceTokens.Value * weight;

        // Smallest N that can reach the target at all (its loss with endless data equals the target).
        var lnNMin = RootFinder.Increasing(x => targetLoss - law.Loss(new(Math.Exp(x)), new(1e30)).Value, Math.Log(1), Math.Log(Allocator.MaxParameters))
            ?? throw new InputException("targetLoss", targetLoss.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), $"no model up to {new Parameters(Allocator.MaxParameters)} parameters reaches it under {law.Name}");
        double TokensFor(double lnN) => Allocator.TokensToReach(law, new(Math.Exp(lnN)), new Loss(targetLoss)).Value;
        double Derivative(double lnN)
        {
            var n = Math.Exp(lnN);
            var d = TokensFor(lnN);
            var (gn, gd) = law.LogGradient(new(n), new(d));
            return 6 * n * d * (1 - gn / gd) + 2 * n * weightedT;
        }
        var lo = lnNMin + 1e-6; // just inside: at lnNMin itself D is infinite
        var hi = Math.Log(Allocator.MaxParameters);
        var lnN = weightedT == 0 ? Math.Log(baseline.Parameters.Value)
            : RootFinder.FirstRisingRoot(Derivative, lo, hi, 512)
              ?? throw new InputException("inferenceTokens", inferenceTokens.ToString(), "no interior optimum between the smallest feasible model and 1e16 parameters");
        var nOpt = new Parameters(Math.Exp(lnN));
        var chosen = Allocator.AtPoint(law, nOpt, new Tokens(TokensFor(lnN))) with { Method = AllocationMethod.Numeric };
        return new InferenceAwareAllocation(inferenceTokens, Cost(chosen, inferenceTokens, pricing), Cost(baseline, inferenceTokens, pricing),
            pricing is null ? InferenceObjective.Flops : InferenceObjective.Dollars);
    }

    /// <summary>The cost of serving T tokens with a model of N parameters: 2NT FLOPs (forward pass only).</summary>
    public static Flops InferenceFlops(Parameters n, Tokens inferenceTokens) => new(2 * n.Value * inferenceTokens.Value);

    private static LifetimeCost Cost(Allocation a, Tokens t, InferencePricing? pricing)
    {
        var inf = InferenceFlops(a.Parameters, t);
        return new LifetimeCost(a, inf, pricing?.TrainingCost(a.Flops), pricing?.InferenceCost(inf));
    }

}
