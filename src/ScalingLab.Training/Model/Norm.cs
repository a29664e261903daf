using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingLab.Training.Model;

/// <summary>LayerNorm with a gain and, when the shape has biases, a shift (as ParameterCount counts it).</summary>
public sealed class Norm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long[] _shape;

    public Norm(string name, long dim, bool hasBias) : base(name)
    {
        _shape = [dim];
        weight = new Parameter(torch.ones(dim));
        if (hasBias) bias = new Parameter(torch.zeros(dim));
        RegisterComponents();
    }

    // Normalising in float32 keeps bf16 activations from losing the residual stream's precision.
    public override Tensor forward(Tensor x) =>
        nn.functional.layer_norm(x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32), _shape, weight, bias, 1e-5);
}
