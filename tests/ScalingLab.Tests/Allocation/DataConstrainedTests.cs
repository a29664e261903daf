using ScalingLab.Allocation;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Allocation;

public class DataConstrainedTests
{
    private static readonly IScalingLaw Muennighoff = LawCatalog.Get("muennighoff2023");

    // docs/scaling-laws.md Sec. 4 (Muennighoff et al. 2023, Eq. 5): derived D'/D at 1, 2, 4, 8, 16, 40, 100 epochs.
    [Theory]
    [InlineData(1, 1.0000)]
    [InlineData(2, 0.9841)]
    [InlineData(4, 0.9314)]
    [InlineData(8, 0.8280)]
    [InlineData(16, 0.6614)]
    [InlineData(40, 0.3792)]
    [InlineData(100, 0.1636)]
    public void Effective_data_ratio_matches_the_reference(double epochs, double ratio)
    {
        var u = new Tokens(1e11);
        var d = new Tokens(epochs * u.Value);
        Assert.Equal(ratio, Repetition.Muennighoff2023.EffectiveTokens(d, u).Value / d.Value, 4);
    }

    [Fact]
    public void Effective_data_tends_to_16_39_unique_and_is_plain_below_one_epoch()
    {
        var u = new Tokens(1e11);
        var rep = Repetition.Muennighoff2023;
        Assert.Equal(16.39, rep.EffectiveTokens(new(1e6 * u.Value), u).Value / u.Value, 2);
        Assert.Equal(16.39, rep.TokenLimit(u).Value / u.Value, 2);
        Assert.Equal(5e10, rep.EffectiveTokens(new(5e10), u).Value);
    }

    [Fact]
    public void Unique_parameters_are_0_051_of_unique_tokens_under_the_c4_base_law()
    {
        // docs/scaling-laws.md Sec. 4: U_N = 0.051 U_D, the compute-optimal size for U_D tokens under A 520.8, B 1487.7, alpha = beta = 0.3527.
        var law = DataConstrainedAllocator.LawFor(Muennighoff, new Tokens(1e11));
        Assert.Equal(0.051, law.UniqueParameters.Value / 1e11, 3);
    }

    [Fact]
    public void Analytic_gradient_matches_central_differences_in_every_regime()
    {
        var law = DataConstrainedAllocator.LawFor(Muennighoff, new Tokens(1e11));
        // Below one epoch with N under and over U_N(D), and repeated data with N under and over U_N.
        foreach (var (n, d) in new[] { (1e9, 5e10), (2e10, 5e10), (2e10, 3e11), (4e9, 2e12), (6e10, 8e12) })
        {
            GradientCheck.LogGradientMatches(law, n, d, h: 1e-6, relative: 0, absolute: 5e-9);
        }
    }

    public static IEnumerable<object[]> Cases() =>
        from u in new[] { 1e9, 1e10, 1e11, 1e12 }
        from c in new[] { 1e20, 1e22, 1e24, 1e26 }
        from law in new[] { "muennighoff2023", "hoffmann2022", "besiroglu2024" }
        select new object[] { law, u, c };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exact_solver_beats_a_dense_brute_force_scan(string lawName, double unique, double budget)
    {
        var law = DataConstrainedAllocator.LawFor(LawCatalog.Get(lawName), new Tokens(unique));
        var a = DataConstrainedAllocator.ComputeOptimal(law, new Flops(budget));
        Assert.Equal(budget, 6 * a.Allocation.Parameters.Value * a.Allocation.Tokens.Value, budget * 1e-9);
        // Independent check: 20,001 points over ln N on the iso-FLOP curve; the solver may not lose to any.
        double lo = Math.Log(1e3), hi = Math.Log(budget / 6);
        var bestGrid = double.PositiveInfinity;
        double bestN = 0;
        for (var i = 0; i <= 20000; i++)
        {
            var n = Math.Exp(lo + (hi - lo) * i / 20000);
            var l = law.Loss(new(n), new(budget / (6 * n))).Value;
            if (l < bestGrid) { bestGrid = l; bestN = n; }
        }
        Assert.True(a.Allocation.Loss.Value <= bestGrid + 1e-12, $"solver {a.Allocation.Loss.Value} vs grid {bestGrid}");
        // Where the loss still has curvature the arg-min must agree to the grid spacing (~0.003 in ln N); near the
        // data floor both N' and D' saturate, the loss is flat to 1e-9 over a wide range and the arg-min is not defined.
        if (a.Allocation.Loss.Value - a.LossFloor > 1e-6)
            Assert.True(Math.Abs(Math.Log(bestN) - Math.Log(a.Allocation.Parameters.Value)) < 0.005,
                $"ln N solver {Math.Log(a.Allocation.Parameters.Value)} vs grid {Math.Log(bestN)}");
        Assert.True(a.LossPenalty >= -1e-12);
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(1e22)]
    [InlineData(1e24)]
    public void With_enough_unique_data_the_closed_form_is_the_exact_answer(double budget)
    {
        // Repetition only lowers N' and D', so when the unlimited optimum needs at most U tokens it stays optimal.
        var ch = (ChinchillaLaw)Muennighoff;
        var closed = ClosedForm.ComputeOptimal(ch, new Flops(budget));
        var law = DataConstrainedAllocator.LawFor(ch, new Tokens(closed.Tokens.Value * 1.5));
        var exact = DataConstrainedAllocator.ExactOptimum(law, new Flops(budget));
        Assert.Equal(1, exact.Parameters.Value / closed.Parameters.Value, 6);
        var shortcut = DataConstrainedAllocator.ComputeOptimal(law, new Flops(budget));
        Assert.Equal(0, shortcut.LossPenalty, 12);
        Assert.Equal(closed.Parameters.Value, shortcut.Allocation.Parameters.Value, 1e-3);
    }

    [Fact]
    public void Scarce_data_repeats_epochs_costs_loss_and_stays_above_the_floor()
    {
        // 100B unique tokens and 1e23 FLOPs: unlimited data would want ~570B tokens (5.7 epochs).
        var a = DataConstrainedAllocator.ComputeOptimal(Muennighoff, new Tokens(1e11), new Flops(1e23));
        Assert.True(a.Epochs > 4);
        Assert.True(a.LossPenalty > 0);
        Assert.True(a.Allocation.Loss.Value > a.LossFloor);
        Assert.True(a.EffectiveTokens.Value < a.Allocation.Tokens.Value);
        // Repeating data is cheaper than growing the model (R_N* < R_D*): more tokens per parameter than unlimited.
        Assert.True(a.Allocation.TokensPerParameter > a.Unlimited.TokensPerParameter);
    }

    [Theory]
    [InlineData(1e23, 1e11)]
    [InlineData(1e21, 3e9)]
    [InlineData(5e24, 2e11)]
    public void With_alpha_equal_beta_the_optimal_epochs_depend_on_C_over_U_squared_only(double budget, double unique)
    {
        // Derived here: with alpha = beta (the C4 fit) U_N = g U_D, and the stationarity condition
        // alpha A N'^-alpha e_N = beta B D'^-beta e_D scales as U^-alpha on both sides, so the optimal
        // (epochs, N/U_N) pair is the same for every (C, U) with the same C/U^2.
        var a = DataConstrainedAllocator.ComputeOptimal(Muennighoff, new Tokens(unique), new Flops(budget));
        var b = DataConstrainedAllocator.ComputeOptimal(Muennighoff, new Tokens(10 * unique), new Flops(100 * budget));
        Assert.Equal(a.Epochs, b.Epochs, 1e-6 * a.Epochs);
        Assert.Equal(a.Allocation.Parameters.Value / a.UniqueParameters.Value, b.Allocation.Parameters.Value / b.UniqueParameters.Value, 1e-6);
        // And with repetition the optimum always carries excess parameters (N > U_N): N <= U_N would need D'/U <= e_D^(1/alpha) <= 1.
        if (a.Epochs > 1) Assert.True(a.Allocation.Parameters.Value > a.UniqueParameters.Value);
    }

    [Theory]
    [InlineData("muennighoff2023", 0.5)]
    [InlineData("muennighoff2023", 2)]
    [InlineData("muennighoff2023", 4)]
    [InlineData("muennighoff2023", 25)]
    [InlineData("besiroglu2024", 4)]
    [InlineData("hoffmann2022", 10)]
    public void Budget_for_epochs_round_trips_with_the_exact_solver(string lawName, double epochs)
    {
        var law = DataConstrainedAllocator.LawFor(LawCatalog.Get(lawName), new Tokens(1e11));
        var point = DataConstrainedAllocator.BudgetForEpochs(law, epochs);
        Assert.Equal(epochs * 1e11, point.Tokens.Value, 1e-9 * point.Tokens.Value);
        var solved = DataConstrainedAllocator.ComputeOptimal(law, point.Flops);
        Assert.Equal(epochs, solved.Epochs, 1e-6 * epochs);
        Assert.Equal(1, solved.Allocation.Parameters.Value / point.Parameters.Value, 6);
    }

    [Fact]
    public void Target_loss_is_reached_and_a_target_below_the_data_floor_is_an_input_error()
    {
        var a = DataConstrainedAllocator.ForTargetLoss(Muennighoff, new Tokens(1e11), 2.15);
        Assert.Equal(2.15, a.Allocation.Loss.Value, 8);
        var floor = DataConstrainedAllocator.LawFor(Muennighoff, new Tokens(1e11)).IrreducibleLoss;
        var e = Assert.Throws<InputException>(() => DataConstrainedAllocator.ForTargetLoss(Muennighoff, new Tokens(1e11), floor - 0.01));
        Assert.Equal("targetLoss", e.Parameter);
    }
}

public class DataConstrainedSingleEpochTests
{
    [Fact]
    public void A_single_epoch_oversized_model_pays_for_its_excess_parameters()
    {
        // Muennighoff et al. 2023 Eq. 6: U_N = min(N_opt(U_D), N) with U_D the unique tokens the run sees (here D itself).
        var law = DataConstrainedAllocator.LawFor(LawCatalog.Get("muennighoff2023"), new Tokens(1e12));
        var d = new Tokens(1e11);
        Assert.Equal(0.051 * 1e11, law.UniqueParametersFor(d).Value, 0.001 * 1e11);
        Assert.Equal(1e9, law.EffectiveParameters(new(1e9), d).Value);           // below U_N: untouched
        Assert.True(law.EffectiveParameters(new(5e10), d).Value < 5e10);         // ten times U_N: decays
        Assert.Equal(d.Value, law.EffectiveTokens(d).Value);                      // no repetition
    }

    [Fact]
    public void Kaplan_form_cannot_take_unique_tokens()
    {
        Assert.Equal("law", Assert.Throws<InputException>(() => DataConstrainedAllocator.LawFor(LawCatalog.Kaplan, new Tokens(1e11))).Parameter);
    }
}
