using ScalingLab.Compute;

namespace ScalingLab.Tests.Compute;

public class FlopCountTests
{
    // Hoffmann et al. 2022 Table A4: (layers, d_model, ffw, heads, kq), the table's parameter
    // column, exact/6N as printed, and the reproduction checked in docs/scaling-laws.md Sec. 2: seq 2048,
    // vocab 32,000, the App. F count WITHOUT embeddings and logits, over 6 x the table's own N.
    // The printed ratios look truncated (1.037 prints as 1.03), so they are matched within 0.01
    // and the reproduction to three decimals.
    [Theory]
    [InlineData(10, 640, 2560, 10, 64, 73e6, 1.03, 1.037)]
    [InlineData(20, 1024, 4096, 16, 64, 305e6, 1.10, 1.103)]
    [InlineData(24, 1280, 5120, 10, 128, 552e6, 1.08, 1.084)]
    [InlineData(26, 1792, 7168, 14, 128, 1.1e9, 1.04, 1.085)]   // the table rounds N; 1.147B gives 1.04
    [InlineData(28, 2048, 8192, 16, 128, 1.6e9, 1.03, 1.028)]
    [InlineData(40, 3584, 14336, 28, 128, 6.8e9, 0.99, 0.994)]
    public void Table_A4_exact_over_6N(int layers, int d, int ffw, int heads, int kq, double tableParams, double printed, double reproduced)
    {
        var s = new ModelShape(layers, d, heads, kq, ffw, 32000, 2048);
        var exact = FlopCount.PerToken(s, FlopConvention.ExactNonEmbedding);
        Assert.Equal(reproduced, exact / (6 * tableParams), 0.0005);
        var n = layers == 26 ? 1.147e9 : tableParams;
        Assert.Equal(printed, exact / (6 * n), 0.01);
    }

    [Fact]
    public void App_F_full_count_per_token_for_the_first_A4_shape()
    {
        // docs/scaling-laws.md Sec. 2: with embeddings and logits, seq 2048, vocab 32000: 6.998e8 FLOPs per token.
        var s = new ModelShape(10, 640, 10, 64, 2560, 32000, 2048);
        Assert.Equal(6.998e8, FlopCount.PerToken(s, FlopConvention.Exact), 0.0005e8);
    }

    [Fact]
    public void Backward_is_twice_forward_in_the_exact_count()
    {
        var s = ParameterCountTests.Gpt2Small;
        Assert.Equal(3 * FlopCount.ForwardPerSequence(s, true) / s.Context, FlopCount.PerToken(s, FlopConvention.Exact), 1e-6);
    }

    [Fact]
    public void DeepSeek_M_for_their_7B_config()
    {
        // DeepSeek LLM 2024 (docs/scaling-laws.md Sec. 6): 30 layers, d 4096, l_seq 4096 -> M = 4.228e10.
        var s = new ModelShape(30, 4096, 32, 128, 11008, 102400, 4096);
        Assert.Equal(4.228e10, FlopCount.PerToken(s, FlopConvention.DeepSeekM), 0.0005e10);
    }

    [Fact]
    public void Kaplan_count_is_6N_nonembedding_plus_attention_context_term()
    {
        var s = ParameterCountTests.Gpt2Small;
        var expected = 6 * ParameterCount.NonEmbedding(s) + 6.0 * 12 * 1024 * 768;
        Assert.Equal(expected, FlopCount.PerToken(s, FlopConvention.Kaplan));
    }

    [Fact]
    public void Every_convention_has_a_unique_camelCase_name_that_parses_back()
    {
        var names = FlopConventions.All.Select(c => c.Name()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var c in FlopConventions.All) Assert.Equal(c, FlopConventions.Parse(c.Name()));
        Assert.Throws<ScalingLab.Units.InputException>(() => FlopConventions.Parse("7N"));
    }
}
