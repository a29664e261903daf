namespace ScalingLab.Cli.Tests;

public class OtherCommandTests
{
    [Fact]
    public void Predict_json_gives_the_kaplan_oracle()
    {
        var r = CliRunner.Run("predict", "--law", "kaplan2020", "--params", "1e9", "--tokens", "1e10", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2.4838, (double)r.Json["loss"]!, 4);
        Assert.Equal(2.3756, (double)r.Json["lossOfParameters"]!, 4);
        Assert.Equal(2.2624, (double)r.Json["lossOfTokens"]!, 4);
        Assert.Equal(1.1, (double)r.Json["earlyStoppingFactor"]!, 9);
    }

    [Fact]
    public void Predict_breaks_the_chinchilla_loss_into_terms()
    {
        var j = CliRunner.Run("predict", "--law", "hoffmann2022", "--params", "70B", "--tokens", "1.4T", "--json").Json;
        var t = j["terms"]!;
        Assert.Equal((double)j["loss"]!, (double)t["irreducible"]! + (double)t["parameterTerm"]! + (double)t["dataTerm"]!, 12);
        Assert.True((double)j["optimalLossAtSameFlops"]! <= (double)j["loss"]!);
    }

    [Fact]
    public void Model_json_counts_gpt2_small()
    {
        var r = CliRunner.Run("model", "--layers", "12", "--d-model", "768", "--vocab", "50257", "--context", "1024", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal(124_439_808, (double)j["parameters"]!);
        Assert.Equal(124_439_808 - 50257.0 * 768 - 1024.0 * 768, (double)j["nonEmbeddingParameters"]!);
        Assert.Equal(6 * 124_439_808.0, (double)j["flopsPerToken"]!["sixN"]!);
        // Hoffmann et al. App. F's count at seq 1024 (docs/scaling-laws.md Sec. 2), three times the forward pass per token:
        // with embeddings and logits 1,087,349,760; without them 624,181,248.
        Assert.Equal(1_087_349_760, (double)j["flopsPerToken"]!["exact"]!);
        Assert.Equal(624_181_248, (double)j["flopsPerToken"]!["exactNonEmbedding"]!);
    }

    [Fact]
    public void Model_proposes_a_shape_for_a_size()
    {
        var j = CliRunner.Run("model", "--params", "7B", "--json").Json;
        Assert.Equal(7e9, (double)j["parameters"]!, 0.05 * 7e9);
    }

    [Fact]
    public void Laws_lists_every_preset_with_source()
    {
        var r = CliRunner.Run("laws", "--json");
        Assert.Equal(0, r.ExitCode);
        var arr = r.Json.AsArray();
        Assert.Contains(arr, l => (string)l!["name"]! == "kaplan2020");
        Assert.All(arr, l => Assert.False(string.IsNullOrEmpty((string?)l!["source"]!["paper"])));
        Assert.Single(arr, l => (bool)l!["default"]!);
        var table = CliRunner.Run("laws");
        Assert.Contains("besiroglu2024 (default)", table.Out);
    }
}
