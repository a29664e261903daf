using ScalingLab.Compute;
using ScalingLab.Hardware;
using ScalingLab.Training.Model;
using ScalingLab.Training.Native;

namespace ScalingLab.Training.Tests;

/// <summary>The built module has exactly the parameters the library counts for its shape.</summary>
public class ModelParameterTests
{
    public static TheoryData<ModelShape> Shapes => new()
    {
        new ModelShape(2, 64, 1, 64, 256, 256, 64),                                              // tied, learned positions
        new ModelShape(3, 128, 2, 64, 512, 256, 128, TiedEmbeddings: false),                     // untied head
        new ModelShape(2, 96, 3, 32, 200, 300, 32, Positions: PositionKind.Rotary),              // rotary: no position table
        new ModelShape(1, 64, 2, 48, 170, 256, 16, Mlp: MlpKind.SwiGlu, Biases: false),          // attention width != d, gated MLP, no biases
        new ModelShape(2, 128, 2, 64, 512, 50257, 64),                                           // GPT-2 vocabulary
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ModuleParametersEqualTheLibraryCount(ModelShape shape)
    {
        TorchRuntime.EnsureReady(2);
        using var model = new DecoderModel(shape);
        Assert.Equal((long)ParameterCount.Total(shape), model.ParameterCount());
    }

    [Fact]
    public void Gpt2SmallShapeMatchesThePublishedCount()
    {
        // GPT-2 small (Radford et al. 2019): 124,439,808 parameters with a tied head, as ParameterCount's doc states.
        TorchRuntime.EnsureReady(2);
        using var model = new DecoderModel(new ModelShape(12, 768, 12, 64, 3072, 50257, 1024));
        Assert.Equal(124_439_808L, model.ParameterCount());
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void ForwardGivesLogitsOverTheVocabulary(Precision precision)
    {
        TorchRuntime.EnsureReady(2);
        var shape = new ModelShape(1, 64, 1, 64, 256, 256, 16, Positions: PositionKind.Rotary);
        using var model = new DecoderModel(shape, precision);
        using var ids = TorchSharp.torch.randint(0, 256, [2, 16], dtype: TorchSharp.torch.ScalarType.Int64);
        using var logits = model.forward(ids);
        Assert.Equal(new long[] { 2, 16, 256 }, logits.shape);
        // At initialisation (std 0.02 weights) the prediction is close to uniform: loss ≈ ln 256 = 5.545.
        // Targets independent of the inputs: a tied head would otherwise favour repeating the input token.
        using var targets = TorchSharp.torch.randint(0, 256, [2, 16], dtype: TorchSharp.torch.ScalarType.Int64);
        using var loss = model.Loss(ids, targets);
        Assert.InRange(loss.item<float>(), 5.3, 5.8);
    }
}
