using ScalingLab.Compute;
using ScalingLab.Hardware;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingLab.Training.Model;

/// <summary>A pre-LayerNorm transformer block: x + attn(ln1(x)), then + mlp(ln2(x)).</summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly Norm ln1, ln2;
    private readonly CastLinear qkv, proj;
    private readonly CastLinear fc, fcOut;
    private readonly CastLinear? fcGate;
    private readonly ModelShape _s;
    private readonly Precision _precision;
    private readonly Rotary? _rotary;
    private readonly Tensor _causalMask;

    public Block(string name, ModelShape s, Precision precision, Rotary? rotary) : base(name)
    {
        _s = s;
        _precision = precision;
        _rotary = rotary;
        const double std = 0.02;
        // GPT-2's scaled init for the layers that write into the residual stream.
        var residualStd = std / Math.Sqrt(2.0 * s.Layers);
        ln1 = new Norm("ln1", s.DModel, s.Biases);
        qkv = new CastLinear("qkv", s.DModel, 3L * s.AttentionDim, s.Biases, precision, std);
        proj = new CastLinear("proj", s.AttentionDim, s.DModel, s.Biases, precision, residualStd);
        ln2 = new Norm("ln2", s.DModel, s.Biases);
        fc = new CastLinear("fc", s.DModel, s.FfnDim, s.Biases, precision, std);
        fcGate = s.Mlp == MlpKind.SwiGlu ? new CastLinear("fcGate", s.DModel, s.FfnDim, s.Biases, precision, std) : null;
        fcOut = new CastLinear("fcOut", s.FfnDim, s.DModel, s.Biases, precision, residualStd);
        // Explicit attention (the bf16 path) needs the mask; SDPA's causal flag does not.
        _causalMask = ones(s.Context, s.Context, dtype: ScalarType.Bool).triu(1).DetachFromDisposeScope();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + Attention(ln1.forward(x));
        return x + Mlp(ln2.forward(x));
    }

    private Tensor Attention(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1];
        var parts = qkv.forward(x).view(b, t, 3, _s.Heads, _s.HeadDim).permute(2, 0, 3, 1, 4); // [3, B, H, T, K]
        Tensor q = parts[0], k = parts[1], v = parts[2];
        if (_rotary is not null)
        {
            q = _rotary.Apply(q);
            k = _rotary.Apply(k);
        }
        Tensor y;
        if (_precision == Precision.Fp32)
        {
            // TorchSharp spells the causal flag "is_casual".
            y = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);
        }
        else
        {
            // In bf16 SDPA's backward was slower than explicit attention (docs/torchsharp.md).
            var scores = matmul(q, k.transpose(-2, -1)) * (1.0 / Math.Sqrt(_s.HeadDim));
            scores = scores.masked_fill(_causalMask[..(int)t, ..(int)t], double.NegativeInfinity);
            y = matmul(scores.softmax(-1), v);
        }
        return proj.forward(y.transpose(1, 2).reshape(b, t, _s.AttentionDim));
    }

    private Tensor Mlp(Tensor x)
    {
        var h = _s.Mlp == MlpKind.SwiGlu
            ? nn.functional.silu(fcGate!.forward(x)) * fc.forward(x)
            : nn.functional.gelu(fc.forward(x));
        return fcOut.forward(h);
    }
}
