using ScalingLab.Compute;
using ScalingLab.Hardware;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingLab.Training.Model;

/// <summary>
/// A GPT-style decoder built from a <see cref="ModelShape"/>: token (and learned position)
/// embeddings, pre-LayerNorm blocks with causal attention and a GELU or SwiGLU MLP, a final norm
/// and a tied or separate output head. It creates exactly the tensors ParameterCount.Total counts.
/// </summary>
public sealed class DecoderModel : nn.Module<Tensor, Tensor>
{
    private readonly Parameter wte;
    private readonly Parameter? wpe;
    private readonly Parameter? head;
    private readonly ModuleList<Block> blocks;
    private readonly Norm lnf;
    private readonly Rotary? _rotary;
    private readonly Precision _precision;

    public ModelShape Shape { get; }

    public DecoderModel(ModelShape shape, Precision precision = Precision.Fp32) : base("decoder")
    {
        Shape = shape;
        _precision = precision;
        wte = new Parameter(torch.empty(shape.Vocab, shape.DModel));
        nn.init.normal_(wte, 0, 0.02);
        if (shape.Positions == PositionKind.Learned)
        {
            wpe = new Parameter(torch.empty(shape.Context, shape.DModel));
            nn.init.normal_(wpe, 0, 0.01);
        }
        else _rotary = new Rotary(shape.Context, shape.HeadDim);
        blocks = new ModuleList<Block>(Enumerable.Range(0, shape.Layers).Select(i => new Block($"block{i}", shape, precision, _rotary)).ToArray());
        lnf = new Norm("lnf", shape.DModel, shape.Biases);
        if (!shape.TiedEmbeddings)
        {
            head = new Parameter(torch.empty(shape.Vocab, shape.DModel));
            nn.init.normal_(head, 0, 0.02);
        }
        RegisterComponents();
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>ids [batch, time] (int64) to logits [batch, time, vocab] in float32.</summary>
    public override Tensor forward(Tensor ids)
    {
        long b = ids.shape[0], t = ids.shape[1];
        var x = wte.index_select(0, ids.reshape(-1)).view(b, t, Shape.DModel);
        if (wpe is not null) x = x + wpe[..(int)t];
        foreach (var block in blocks) x = block.forward(x);
        x = lnf.forward(x);
        var w = head ?? wte;
        if (_precision == Precision.Fp32) return nn.functional.linear(x, w);
        using var wb = w.to(ScalarType.BFloat16);
        return nn.functional.linear(x.to(ScalarType.BFloat16), wb).to(ScalarType.Float32);
    }

    /// <summary>Mean next-token cross-entropy in nats.</summary>
    public Tensor Loss(Tensor ids, Tensor targets)
    {
        var logits = forward(ids);
        return nn.functional.cross_entropy(logits.view(-1, Shape.Vocab), targets.reshape(-1));
    }

    protected override void Dispose(bool disposing)
    {
        _rotary?.Dispose();
        base.Dispose(disposing);
    }
}
