using ScalingLab.Hardware;

namespace ScalingLab.Tests.Hardware;

public class ModelStatesTests
{
    // Rajbhandari et al. 2020 (ZeRO), Fig. 1 / Sec. 5 example; docs/scaling-laws.md Sec. 10:
    // Psi = 7.5B, N_d = 64, K = 12 -> 120 GB, 31.4 GB, 16.6 GB, 1.9 GB per device (GB = 1e9 bytes).
    [Theory]
    [InlineData(0, 120.0)]
    [InlineData(1, 31.4)]
    [InlineData(2, 16.6)]
    [InlineData(3, 1.9)]
    public void Zero_paper_example_7_5B_on_64_ranks(int stage, double gigabytes)
    {
        var bytes = ModelStates.Bytes(7.5e9, 64, stage).Total;
        Assert.Equal(gigabytes, Math.Round(bytes / 1e9, 1), 3);
    }

    [Fact]
    public void Stage_formulas_match_the_paper_exactly()
    {
        // 4 Psi + K Psi / N_d; 2 Psi + (2 + K) Psi / N_d; 16 Psi / N_d (docs/scaling-laws.md Sec. 10).
        const double psi = 7.5e9, nd = 64;
        Assert.Equal(4 * psi + 12 * psi / nd, ModelStates.Bytes(psi, 64, 1).Total, 1);
        Assert.Equal(2 * psi + 14 * psi / nd, ModelStates.Bytes(psi, 64, 2).Total, 1);
        Assert.Equal(16 * psi / nd, ModelStates.Bytes(psi, 64, 3).Total, 1);
        var s2 = ModelStates.Bytes(psi, 64, 2);
        Assert.Equal(2 * psi, s2.Weights);
        Assert.Equal(2 * psi / nd, s2.Gradients);
        Assert.Equal(12 * psi / nd, s2.OptimizerStates);
    }

    [Fact]
    public void One_rank_means_no_sharding_at_any_stage()
    {
        for (var stage = 0; stage <= 3; stage++)
            Assert.Equal(16 * 1e9, ModelStates.Bytes(1e9, 1, stage).Total);
    }

    [Fact]
    public void Bad_stage_or_degree_is_an_input_error()
    {
        Assert.Throws<ScalingLab.Units.InputException>(() => ModelStates.Bytes(1e9, 8, 4));
        Assert.Throws<ScalingLab.Units.InputException>(() => ModelStates.Bytes(1e9, 0, 1));
    }
}
