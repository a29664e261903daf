using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Fitting;

public class SaturatingFitTests
{
    private static readonly Source Synthetic = new("synthetic", "test", 2026);

    private static List<ComputePoint> Generate(Func<double, double> law, double noise, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 24).Select(i =>
        {
            var c = Math.Pow(10, 9 + 4.0 * i / 23);              // 1e9 .. 1e13 GMACs
            var y = law(c) * Math.Exp(noise * (2 * rng.NextDouble() - 1));
            return new ComputePoint(i + 2, c, y);
        }).ToList();
    }

    [Fact]
    public void Gradient_matches_central_differences()
    {
        var pts = Generate(c => 4 * Math.Pow(c + 5e8, -0.12) + 0.1, 0.02, 1);
        var obj = new SaturatingFit.Objective(pts);
        double[] x = [Math.Log(3), 0.1, Math.Log(0.05), Math.Log(1e8)];
        var g = new double[4];
        obj.Evaluate(x, g);
        GradientCheck.Matches(v => obj.Evaluate(v, new double[4]), x, g, h: 1e-6, relative: 1e-5, absolute: 1e-7);
    }

    [Fact]
    public void Recovers_a_known_saturating_law_from_noisy_runs()
    {
        // Truth: E = 4 (C + 5e9)^-0.15 + 0.12; 24 runs with up to ±1% multiplicative noise.
        static double Truth(double c) => 4 * Math.Pow(c + 5e9, -0.15) + 0.12;
        var r = SaturatingFit.Fit(Generate(Truth, 0.01, 7), "synthetic", ComputeUnit.Gmacs, "error", Synthetic);
        Assert.True(r.Best.Converged);
        Assert.True(r.RmsLogResidual < 0.01);                   // no worse than the noise
        Assert.InRange(r.Law.C, 0.09, 0.15);                    // the asymptote
        foreach (var c in new[] { 1e9, 1e11, 1e13, 1e14 })      // and the curve, one decade past the data
            Assert.Equal(1, r.Law.Error(c) / Truth(c), 0.02);
    }

    [Fact]
    public void Recovers_the_OpenCLIP_power_law_as_the_limit_c_d_to_zero()
    {
        // Cherti et al. 2023, OpenCLIP ImageNet zero-shot error E = 5.86 C^-0.11 (C in total GMACs), exact data.
        var r = SaturatingFit.Fit(Generate(c => 5.86 * Math.Pow(c, -0.11), 0, 3), "openclip", ComputeUnit.Gmacs, "error", Synthetic);
        Assert.True(r.RmsLogResidual < 1e-4);
        foreach (var c in new[] { 1e9, 1e12, 1e13 })
            Assert.Equal(5.86 * Math.Pow(c, -0.11), r.Law.Error(c), 1e-4);
    }

    [Fact]
    public void Reader_finds_compute_and_metric_and_reports_bad_rows_by_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "GMACs,error\n1e9,0.6\n1e10,0.5\n");
            var pts = RunTableReader.ReadCompute(path);
            Assert.Equal([(2, 1e9, 0.6), (3, 1e10, 0.5)], pts.Points.Select(p => (p.Line, p.Compute, p.Metric)));
            File.WriteAllText(path, "gmacs,error\n1e9,0.6\n-3,0.5\n1e11,x\n");
            var e = Assert.Throws<InputException>(() => RunTableReader.ReadCompute(path));
            Assert.Contains("line 3", e.Message);
            Assert.Contains("line 4", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Too_few_runs_is_an_input_error() =>
        Assert.Throws<InputException>(() => SaturatingFit.Fit(Generate(c => Math.Pow(c, -0.1), 0, 1).Take(4).ToList(),
            "x", ComputeUnit.Gmacs, "error", Synthetic));
}
