using System.Globalization;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Schedule;
using ScalingLab.Units;

namespace ScalingLab.Sweeps;

/// <summary>What a sweep design is asked for.</summary>
public sealed record SweepDesignRequest(
    string Data,
    int Vocab,
    int Context,
    double TrainTokensAvailable,
    Flops Target,
    Flops? SweepFlops,
    Seconds? SweepDuration,
    IScalingLaw Law,
    string LawName,
    FlopConvention Convention = FlopConvention.SixN,
    int Budgets = 5,
    int SizesPerBudget = 7,
    double WidthDex = 0.6,
    double? LearningRate = null,
    int? BatchSequences = null,
    long Seed = 1,
    double Noise = DesignSimulation.DefaultNoise,
    int Replicates = DesignSimulation.DefaultReplicates,
    double? TargetSpread = null,
    ExecutionMode? Mode = null,
    string Name = "sweep")
{
    public SweepDesignRequest Validated()
    {
        InputChecks.Range(Budgets, "budgets", 4, 6);
        InputChecks.Range(SizesPerBudget, "sizesPerBudget", 5, 9);
        if (!(WidthDex is >= 0.2 and <= 1.5))
            throw new InputException("widthDex", QuantityFormat.Raw(WidthDex), "expected a half-width from 0.2 to 1.5 decades around the prior's optimum");
        if ((SweepFlops is null) == (SweepDuration is null))
            throw new InputException("sweepBudget", "(missing)", "give the sweep budget as FLOPs (2e13) or as a duration (20m)");
        if (!(Noise is >= 0 and <= 0.5))
            throw new InputException("noise", QuantityFormat.Raw(Noise), "expected a relative loss noise from 0 to 0.5 (0.01 = 1%)");
        if (TargetSpread is { } t && !(t is > 0 and <= 10))
            throw new InputException("targetSpread", QuantityFormat.Raw(t), "expected a spread above 0 and at most 10 (0.2 = predicted N within x/÷1.2)");
        return this;
    }
}

/// <summary>One run of a design, with everything the spec and the table show.</summary>
public sealed record DesignedRun(string Id, int BudgetIndex, double Budget, ModelShape Shape, double Parameters, double Tokens,
    double Flops, double ExactFlopsPerToken, long Steps, int BatchSequences, double LearningRate, double Warmup, long Seed,
    int EvalEvery, double EstimatedSeconds, IReadOnlyList<string> TrainArguments);

/// <summary>A design: its runs, its budgets, its cost in FLOPs and wall time, and the simulated spread of its prediction.</summary>
public sealed record SweepDesign(SweepDesignRequest Request, IReadOnlyList<DesignedRun> Runs, IReadOnlyList<double> Budgets,
    IReadOnlyList<double> PriorOptima, double TotalFlops, double EstimatedSeconds, ExecutionMode Mode, SweepSimulation Simulation,
    IReadOnlyList<string> Notes)
{
    public int Concurrency(ThroughputModel t) => t.Concurrency(Mode);
}

/// <summary>
/// An IsoFLOP design for a team's own scaling law. The budgets are log-spaced (neighbours a factor
/// q apart, q at most 3), the largest set so that all runs together spend the sweep budget. At each
/// budget the sizes are log-spaced across ±<c>WidthDex</c> decades around the prior law's optimum
/// (so the minimum is bracketed even when the prior is off by a few times), each a real shape, and
/// each trains for the tokens the budget buys under the convention (in whole batches). Learning rate
/// and batch come from the hyperparameter rule (DeepSeek-AI 2024) for that shape and token count,
/// unless fixed. When the smallest budget's smallest size is below the smallest buildable model, q
/// shrinks; a sweep budget too small for 4 budgets even then is refused.
/// </summary>
public static class SweepDesigner
{
    private const double MaxRatio = 3, MinRatio = 1.4;
    private const long MinSteps = 40;
    private const int MinSizes = 5;
    /// <summary>The rule's learning rate is capped here, and warm-up takes at least this share of the steps (tiny runs diverged above it).</summary>
    public const double MaxRuleLearningRate = 6e-3, MinWarmup = 0.1;
    /// <summary>The smallest size of a budget lies at least this far (decades) below the prior's optimum.</summary>
    private const double MinBracketDex = 0.25;
    /// <summary>Validation passes per run (mid-run and final); the training loss is logged every 10 steps.</summary>
    private const int EvalPasses = 2;

    public static SweepDesign Design(SweepDesignRequest request, ThroughputModel throughput)
    {
        var r = request.Validated();
        var prior = PriorOf(r.Law);
        SweepDesign? Try(int k, int m, double totalFlops) => Layout(r, k, m, totalFlops, throughput);

        if (r.TargetSpread is { } spread) return Cheapest(r, prior, spread, throughput);
        var design = r.SweepFlops is { } flops ? Try(r.Budgets, r.SizesPerBudget, flops.Value) : FitDuration(r, r.Budgets, r.SizesPerBudget, throughput);
        if (design is null) throw TooSmall(r, throughput);
        CheckTarget(r, design);
        return design with { Simulation = DesignSimulation.Run(Points(design), prior, r.Target, r.Noise, r.Replicates, (int)r.Seed) };
    }

    /// <summary>The cheapest (budgets, sizes, scale) whose simulated N spread is at most the target, within the sweep budget.</summary>
    private static SweepDesign Cheapest(SweepDesignRequest r, ChinchillaLaw prior, double target, ThroughputModel t)
    {
        const int searchReplicates = 100;
        SweepDesign? best = null;
        var reached = double.PositiveInfinity;
        foreach (var k in new[] { 4, 5, 6 })
        foreach (var m in new[] { 5, 7, 9 })
        {
            var full = r.SweepFlops is { } f ? Layout(r, k, m, f.Value, t) : FitDuration(r, k, m, t);
            if (full is null || full.Budgets[^1] >= r.Target.Value) continue;
            double Spread(SweepDesign d) => DesignSimulation.Run(Points(d), prior, r.Target, r.Noise, searchReplicates, (int)r.Seed).ParametersSpread;
            var fullSpread = Spread(full);
            reached = Math.Min(reached, fullSpread);
            if (fullSpread > target) continue;
            // Spread falls as the budgets grow towards the target: bisect the scale in log space.
            double lo = Math.Log(1e-4), hi = 0;
            var chosen = full;
            for (var i = 0; i < 8; i++)
            {
                var mid = (lo + hi) / 2;
                var d = Layout(r, k, m, full.TotalFlops * Math.Exp(mid), t);
                if (d is not null && Spread(d) <= target) { hi = mid; chosen = d; } else lo = mid;
            }
            if (best is null || chosen.TotalFlops < best.TotalFlops) best = chosen;
        }
        if (best is null)
            throw new InputException("targetSpread", QuantityFormat.Raw(target),
                double.IsFinite(reached)
                    ? $"no design within the sweep budget reaches it; the best reaches {reached:0.###} (raise the sweep budget or ask for a larger spread)"
                    : "no design of 4 to 6 budgets fits the sweep budget");
        CheckTarget(r, best);
        return best with { Simulation = DesignSimulation.Run(Points(best), prior, r.Target, r.Noise, r.Replicates, (int)r.Seed) };
    }

    /// <summary>The largest design whose estimated wall time fits the duration (bisection on total FLOPs).</summary>
    private static SweepDesign? FitDuration(SweepDesignRequest r, int k, int m, ThroughputModel t)
    {
        var limit = r.SweepDuration!.Value.Value;
        double lo = Math.Log(1e6), hi = Math.Log(1e22);
        SweepDesign? best = null;
        for (var i = 0; i < 50; i++)
        {
            var mid = (lo + hi) / 2;
            var d = Layout(r, k, m, Math.Exp(mid), t);
            if (d is null) { lo = mid; continue; }
            if (d.EstimatedSeconds <= limit) { best = d; lo = mid; } else hi = mid;
        }
        return best;
    }

    private static void CheckTarget(SweepDesignRequest r, SweepDesign d)
    {
        if (d.Budgets[^1] * 3 > r.Target.Value)
            throw new InputException("targetBudget", r.Target.ToString(),
                $"expected a target at least 3x the sweep's largest budget ({new Flops(d.Budgets[^1])}); a sweep predicts runs larger than its own");
    }

    /// <summary>
    /// The refusal of a sweep budget that cannot hold k budgets of m sizes, saying what the smallest
    /// design that can be built would need, in FLOPs and in estimated wall time on this machine.
    /// </summary>
    private static InputException TooSmall(SweepDesignRequest r, ThroughputModel t)
    {
        var given = r.SweepFlops?.ToString() ?? r.SweepDuration!.Value.ToString();
        var why = $"too small for {r.Budgets} budgets of {r.SizesPerBudget} sizes: the smallest budget's optimum would sit too close to the smallest model to bracket ({QuantityFormat.Count(SweepShapes.Smallest(r.Vocab, r.Context))} parameters at vocabulary {r.Vocab}, context {r.Context})";
        var need = Smallest(r, r.Budgets, r.SizesPerBudget, t) is { } d
            ? $"; the smallest such design needs {QuantityFormat.Scientific(d.TotalFlops, 3)} FLOPs (about {QuantityFormat.Duration(d.EstimatedSeconds)} here)"
            : "";
        return new("sweepBudget", given, $"{why}{need}; give a larger sweep budget or fewer budgets");
    }

    /// <summary>The cheapest design of k budgets of m sizes that can be built (bisection on total FLOPs), or null.</summary>
    private static SweepDesign? Smallest(SweepDesignRequest r, int k, int m, ThroughputModel t)
    {
        double lo = Math.Log(1e6), hi = Math.Log(1e26);
        SweepDesign? best = null;
        for (var i = 0; i < 40; i++)
        {
            var mid = (lo + hi) / 2;
            if (Layout(r, k, m, Math.Exp(mid), t) is { } d) { best = d; hi = mid; }
            else lo = mid;
        }
        return best;
    }

    private static IReadOnlyList<(double N, double D)> Points(SweepDesign d) => d.Runs.Select(x => (x.Parameters, x.Tokens)).ToList();

    private static ChinchillaLaw PriorOf(IScalingLaw law) => law as ChinchillaLaw
        ?? throw new InputException("law", law.Name, "expected a law of the form L = E + A/N^alpha + B/D^beta (a Chinchilla-family preset or a `fit --out` file) to design and simulate with");

    /// <summary>The design of k budgets of m sizes spending <paramref name="totalFlops"/>, or null if it cannot be built.</summary>
    public static SweepDesign? Layout(SweepDesignRequest r, int k, int m, double totalFlops, ThroughputModel throughput)
    {
        var shapes = new ShapeOptions(r.Vocab, r.Context);
        var smallest = SweepShapes.Smallest(r.Vocab, r.Context);
        var notes = new List<string>();
        for (var q = MaxRatio; q >= MinRatio - 1e-9; q -= 0.1)
        {
            var weights = Enumerable.Range(0, k).Select(i => Math.Pow(q, i - (k - 1))).ToArray();
            var cMax = totalFlops / (m * weights.Sum());
            var budgets = weights.Select(w => cMax * w).ToArray();
            var optima = budgets.Select(c => PriorOptimum(r, c, shapes)).ToArray();
            // Below the optimum the sizes stop at the smallest model, but always at least MinBracketDex below it.
            if (optima[0] < smallest * Math.Pow(10, MinBracketDex)) continue;
            var runs = new List<DesignedRun>();
            var ok = true;
            for (var i = 0; i < k && ok; i++)
            {
                var seen = new HashSet<(int, int)>();
                var lo = Math.Log10(Math.Max(optima[i] * Math.Pow(10, -r.WidthDex), smallest));
                var hi = Math.Log10(optima[i]) + r.WidthDex;
                for (var j = 0; j < m; j++)
                {
                    var target = Math.Pow(10, lo + (hi - lo) * j / (m - 1));
                    var shape = SweepShapes.Nearest(new Parameters(target), r.Vocab, r.Context).Shape;
                    // Neighbouring targets may round to one shape: it is trained once.
                    if (!seen.Add((shape.Layers, shape.DModel))) continue;
                    var run = Run(r, i, j, budgets[i], shape, runs.Count, throughput);
                    if (run is null) { ok = false; break; }
                    runs.Add(run);
                }
                if (seen.Count < MinSizes) ok = false;
            }
            if (!ok) continue;
            if (q < MaxRatio - 1e-9) notes.Add($"budgets {q:0.0}x apart (not 3x): at 3x the smallest budget's optimum would be too close to the smallest model to bracket");
            if (optima[0] * Math.Pow(10, -r.WidthDex) < smallest)
                notes.Add($"the smallest budgets' sizes start at the smallest model ({QuantityFormat.Count(smallest)} parameters), less than {r.WidthDex} decades below the prior's optimum");
            var over = runs.Where(x => x.Tokens > r.TrainTokensAvailable).ToList();
            if (over.Count > 0)
                notes.Add($"{over.Count} run(s) train on more tokens than the training split holds ({QuantityFormat.Count(r.TrainTokensAvailable)}): they repeat data");
            var mode = r.Mode ?? Faster(runs, throughput);
            var seconds = ThroughputModel.Makespan(runs.Select(x => SecondsOf(x, mode, throughput)), throughput.Concurrency(mode));
            runs = runs.Select(x => x with { EstimatedSeconds = SecondsOf(x, mode, throughput) }).ToList();
            return new SweepDesign(r, runs, budgets, optima, runs.Sum(x => x.Flops), seconds, mode, new SweepSimulation(), notes);
        }
        return null;
    }

    private static double SecondsOf(DesignedRun x, ExecutionMode mode, ThroughputModel t) =>
        t.RunSeconds(x.ExactFlopsPerToken, x.Tokens, EvalPasses, mode);

    /// <summary>The execution mode with the shorter estimated wall time for these runs.</summary>
    private static ExecutionMode Faster(IReadOnlyList<DesignedRun> runs, ThroughputModel t) =>
        Enum.GetValues<ExecutionMode>()
            .OrderBy(mode => ThroughputModel.Makespan(runs.Select(x => SecondsOf(x, mode, t)), t.Concurrency(mode)))
            .First();

    private static double PriorOptimum(SweepDesignRequest r, double budget, ShapeOptions shapes) =>
        AllocationStage.Allocate(new PlanRequest(new PlanQuestion.ComputeOptimal(new Flops(budget)), new ResolvedLaw.LossLaw(r.Law), r.Convention, shapes))
            .Allocation.Parameters.Value;

    /// <summary>One run of the design: a shape at a budget, its tokens, schedule and `train` arguments (null when too few steps).</summary>
    public static DesignedRun? Run(SweepDesignRequest r, int budgetIndex, int sizeIndex, double budget, ModelShape shape, int index, ThroughputModel t)
    {
        var n = ParameterCount.Total(shape);
        var perToken = FlopCount.PerToken(shape, r.Convention);
        var wanted = budget / perToken;
        var schedule = Scheduler.For(shape, new Tokens(wanted));
        var batch = r.BatchSequences ?? schedule.BatchSequences;
        // Tiny runs need enough steps for a warm-up and a decay: a smaller batch than the rule's if need be.
        if (r.BatchSequences is null && wanted / ((double)batch * r.Context) < MinSteps)
            batch = (int)Math.Max(1, Math.Floor(wanted / (MinSteps * (double)r.Context)));
        var steps = (long)Math.Max(1, Math.Round(wanted / ((double)batch * r.Context)));
        if (steps < MinSteps / 2) return null;
        var tokens = steps * (double)batch * r.Context;
        // DeepSeek's rule was fitted from 1e17 FLOPs up; far below, it asks for rates tiny models diverge at.
        var lr = r.LearningRate ?? Math.Min(schedule.PeakLearningRate, MaxRuleLearningRate);
        var warmup = Math.Clamp((double)schedule.WarmupSteps / schedule.Steps, MinWarmup, 0.5);
        var evalEvery = (int)Math.Max(1, steps / EvalPasses);
        var seed = r.Seed + index;
        string F(double v) => v.ToString("0.####e+0", CultureInfo.InvariantCulture);
        var args = SweepRunArguments.Shape(r.Data, shape, tokens, batch);
        args.AddRange(["--lr", F(lr), "--warmup", warmup.ToString("0.###", CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture), "--eval-every", evalEvery.ToString(CultureInfo.InvariantCulture)]);
        return new DesignedRun($"b{budgetIndex + 1}-s{sizeIndex + 1}", budgetIndex, budget, shape, n, tokens, perToken * tokens,
            FlopCount.PerToken(shape, FlopConvention.Exact), steps, batch, lr, warmup, seed, evalEvery, 0, args);
    }
}
