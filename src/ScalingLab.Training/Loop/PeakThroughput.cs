using System.Diagnostics;
using ScalingLab.Hardware;
using ScalingLab.Training.Model;
using static TorchSharp.torch;

namespace ScalingLab.Training.Loop;

/// <summary>
/// The denominator of MFU on this machine: large-matmul FLOP/s measured at start-up in the run's
/// precision. Published accelerator peaks do not describe a CPU. Other processes share the cores,
/// so the best of several short trials is taken (about 0.3 s in all); `--peak-flops` overrides it.
/// </summary>
public static class PeakThroughput
{
    private const int Size = 1024;
    private const int Trials = 8;
    private const int Repeats = 2;

    public static double Measure(Precision precision, Device device)
    {
        using var scope = NewDisposeScope();
        var dtype = precision == Precision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;
        var a = randn(Size, Size, dtype: dtype, device: device);
        var b = randn(Size, Size, dtype: dtype, device: device);
        matmul(a, b).sum().item<float>(); // warm the kernels and the thread pool
        var best = 0.0;
        for (var t = 0; t < Trials; t++)
        {
            var clock = Stopwatch.StartNew();
            Tensor acc = zeros(1, dtype: dtype, device: device);
            for (var i = 0; i < Repeats; i++) acc = acc + matmul(a, b)[0, 0];
            acc.item<float>(); // waits for the device
            best = Math.Max(best, 2.0 * Size * Size * Size * Repeats / clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
