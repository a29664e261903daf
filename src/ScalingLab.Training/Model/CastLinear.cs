using ScalingLab.Hardware;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingLab.Training.Model;

/// <summary>
/// y = x·Wᵀ + b with float32 parameters; under <see cref="Precision.Bf16"/> the product runs in
/// bfloat16 (weight, bias and input cast on the way in), which is where CPU bf16 pays off. TorchSharp
/// has no autocast; this ran 2-6% slower than a pure bf16 model, with the optimizer state kept in
/// float32 (docs/torchsharp.md). The trainer supports <see cref="Precision.Fp32"/> and
/// <see cref="Precision.Bf16"/> of the library's precisions.
/// </summary>
public sealed class CastLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Precision _precision;

    public CastLinear(string name, long inFeatures, long outFeatures, bool hasBias, Precision precision, double initStd)
        : base(name)
    {
        _precision = precision;
        weight = new Parameter(torch.empty(outFeatures, inFeatures));
        nn.init.normal_(weight, 0, initStd);
        if (hasBias) bias = new Parameter(torch.zeros(outFeatures));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (_precision == Precision.Fp32) return nn.functional.linear(x, weight, bias);
        using var w = weight.to(ScalarType.BFloat16);
        using var b = bias?.to(ScalarType.BFloat16);
        return nn.functional.linear(x.dtype == ScalarType.BFloat16 ? x : x.to(ScalarType.BFloat16), w, b);
    }
}
