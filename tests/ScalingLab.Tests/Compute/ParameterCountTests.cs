using ScalingLab.Compute;

namespace ScalingLab.Tests.Compute;

public class ParameterCountTests
{
    // GPT-2 small: 12 layers, d 768, 12 heads, ffw 3072, vocab 50257, learned positions 1024,
    // biases, tied head = 124,439,808 parameters (docs/scaling-laws.md Sec. 2, "known parameter counts").
    public static readonly ModelShape Gpt2Small = new(12, 768, 12, 64, 3072, 50257, 1024);

    [Fact]
    public void Gpt2_small_total_matches_the_released_checkpoint() =>
        Assert.Equal(124_439_808, ParameterCount.Total(Gpt2Small));

    [Fact]
    public void Non_embedding_drops_token_and_position_tables()
    {
        var emb = 50257.0 * 768 + 1024.0 * 768;
        Assert.Equal(124_439_808 - emb, ParameterCount.NonEmbedding(Gpt2Small));
        Assert.Equal(emb, ParameterCount.Embedding(Gpt2Small));
    }

    [Fact]
    public void Kaplan_approximation_is_twelve_L_d_squared() =>
        Assert.Equal(12.0 * 12 * 768 * 768, ParameterCount.KaplanApproximation(Gpt2Small));

    [Fact]
    public void Untied_head_adds_vocab_times_d() =>
        Assert.Equal(50257.0 * 768, ParameterCount.Total(Gpt2Small with { TiedEmbeddings = false }) - ParameterCount.Total(Gpt2Small));

    [Fact]
    public void Rotary_positions_and_no_biases_remove_exactly_those_tensors()
    {
        var rotary = Gpt2Small with { Positions = PositionKind.Rotary };
        Assert.Equal(1024.0 * 768, ParameterCount.Total(Gpt2Small) - ParameterCount.Total(rotary));
        var noBias = Gpt2Small with { Biases = false };
        // Per layer: qkv 3d + out d + fc 4d + proj d biases, plus one LayerNorm shift per norm (2 per layer + final).
        var perLayerBiases = 3 * 768 + 768 + 3072 + 768 + 2 * 768;
        Assert.Equal(12.0 * perLayerBiases + 768, ParameterCount.Total(Gpt2Small) - ParameterCount.Total(noBias));
    }

    [Fact]
    public void SwiGlu_has_three_mlp_matrices()
    {
        var s = new ModelShape(1, 64, 1, 64, 256, 10, 8, Biases: false, Positions: PositionKind.Rotary, Mlp: MlpKind.SwiGlu);
        // embedding 10*64 + attention 4*64*64 + mlp 3*64*256 + 2 norms*64 + final norm 64
        Assert.Equal(640 + 4 * 64 * 64 + 3 * 64 * 256 + 2 * 64 + 64, ParameterCount.Total(s));
    }
}
