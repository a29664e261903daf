using static TorchSharp.torch;

namespace ScalingLab.Training.Model;

/// <summary>
/// Rotary position embedding (Su et al. 2021): rotates each (i, i + k/2) pair of query and key
/// features by position·θᵢ, θᵢ = 10000^(-2i/k). No parameters, so ParameterCount counts none.
/// </summary>
public sealed class Rotary : IDisposable
{
    private readonly Tensor _cos, _sin; // [context, headDim]

    public Rotary(int context, int headDim)
    {
        var half = headDim / 2;
        var inv = pow(10000.0, -arange(0, half, dtype: ScalarType.Float32) * 2.0 / headDim);
        var angles = outer(arange(0, context, dtype: ScalarType.Float32), inv);
        var both = cat([angles, angles], 1);
        _cos = both.cos().DetachFromDisposeScope();
        _sin = both.sin().DetachFromDisposeScope();
    }

    /// <summary>x: [batch, heads, time, headDim].</summary>
    public Tensor Apply(Tensor x)
    {
        var t = x.shape[2];
        var k = x.shape[3];
        var cos = _cos[..(int)t].to(x.dtype);
        var sin = _sin[..(int)t].to(x.dtype);
        var x1 = x[.., .., .., ..(int)(k / 2)];
        var x2 = x[.., .., .., (int)(k / 2)..];
        var rotated = cat([-x2, x1], -1);
        return x * cos + rotated * sin;
    }

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}
