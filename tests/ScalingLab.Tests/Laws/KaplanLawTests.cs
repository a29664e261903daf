using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Laws;

// Oracles: docs/scaling-laws.md Sec. 1 ("Derived oracles"), computed from Kaplan et al. 2020's constants.
public class KaplanLawTests
{
    private static readonly KaplanLaw K = LawCatalog.Kaplan;

    [Fact] public void L_of_N() => Assert.Equal(2.3756, K.LossOfParameters(new Parameters(1e9)), 4);
    [Fact] public void L_of_D() => Assert.Equal(2.2624, K.LossOfTokens(new Tokens(1e10)), 4);
    [Fact] public void L_of_N_and_D() => Assert.Equal(2.4838, K.Loss(new Parameters(1e9), new Tokens(1e10)).Value, 4);
    [Fact] public void Critical_batch_at_loss_3() => Assert.Equal(1.069e6, K.CriticalBatchTokens(3), 0.001e6);
    [Fact] public void Critical_batch_at_loss_2() => Assert.Equal(7.371e6, K.CriticalBatchTokens(2), 0.001e6);

    [Fact]
    public void L_of_N_and_D_tends_to_L_of_N_with_unlimited_data_and_L_of_D_with_unlimited_size()
    {
        Assert.Equal(K.LossOfParameters(new(1e9)), K.Loss(new(1e9), new(1e30)).Value, 6);
        Assert.Equal(K.LossOfTokens(new(1e10)), K.Loss(new(1e30), new(1e10)).Value, 6);
    }

    [Fact]
    public void Early_stopping_factor_is_one_plus_aN_over_aS()
    {
        // App. B.2: the compute-efficient point sits ~10% above the converged loss.
        Assert.Equal(1.1, K.EarlyStoppingFactor, 10);
    }

    [Fact]
    public void Frontier_table_6_at_one_petaflop_day()
    {
        var p = K.Frontier(new Flops(Flops.PerPetaflopDay));
        Assert.Equal(1.3e9, p.Parameters.Value, 1);
        Assert.Equal(2e10, p.Tokens.Value, 1);
        Assert.Equal(2.0e6, p.BatchTokens, 1);
        Assert.Equal(5.4e3, p.MinimumSteps, 6);
        // N grows as C^0.73: 1000x compute -> 1000^0.73 x parameters.
        var big = K.Frontier(new Flops(1000 * Flops.PerPetaflopDay));
        Assert.Equal(Math.Pow(1000, 0.73), big.Parameters.Value / p.Parameters.Value, 9);
    }

    [Fact]
    public void Steps_and_compute_relations_are_the_papers_equations()
    {
        var bc = K.CriticalBatchTokens(3);
        Assert.Equal(1000 / (1 + bc / 1e6), K.MinimumSteps(1000, 1e6, 3), 9);
        Assert.Equal(1e20 / (1 + 1e6 / bc), K.MinimumCompute(new Flops(1e20), 1e6, 3), 1e6);
        Assert.Equal(Math.Pow(3.1e8, 0.05), K.LossOfMinimumCompute(new Flops(Flops.PerPetaflopDay)), 9);
        Assert.Equal(K.LossOfParameters(new(1e9)) + Math.Pow(2.1e3 / 1e4, 0.76), K.LossOfParametersAndSteps(new(1e9), 1e4), 12);
    }
}
