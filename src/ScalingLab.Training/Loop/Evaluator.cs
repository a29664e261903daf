using ScalingLab.Training.Corpus;
using ScalingLab.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingLab.Training.Loop;

/// <summary>Validation: the mean next-token loss over the start of the validation split.</summary>
public static class Evaluator
{
    /// <summary>Mean next-token loss in nats over the first <c>EvalTokens</c> of <paramref name="val"/>, in whole windows of the context.</summary>
    public static double Loss(DecoderModel model, TokenFile val, TrainOptions o, torch.Device device)
    {
        var ctx = o.Shape.Context;
        var windows = Math.Max(1, Math.Min(o.EvalTokens, val.Count - 1) / ctx);
        double total = 0;
        using var noGrad = no_grad();
        for (long w0 = 0; w0 < windows; w0 += o.BatchSequences)
        {
            using var scope = NewDisposeScope();
            var rows = (int)Math.Min(o.BatchSequences, windows - w0);
            var xs = new long[rows * ctx];
            var ys = new long[rows * ctx];
            var window = new long[ctx + 1];
            for (var i = 0; i < rows; i++)
            {
                val.Read((w0 + i) * ctx, window);
                window.AsSpan(0, ctx).CopyTo(xs.AsSpan(i * ctx));
                window.AsSpan(1, ctx).CopyTo(ys.AsSpan(i * ctx));
            }
            var loss = model.Loss(tensor(xs, device: device).view(rows, ctx), tensor(ys, device: device).view(rows, ctx));
            total += loss.item<float>() * rows;
        }
        return total / windows;
    }
}
