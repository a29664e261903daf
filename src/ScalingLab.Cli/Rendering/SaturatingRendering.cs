using System.Globalization;
using ScalingLab.Fitting;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The table view of a <see cref="SaturatingFitResult"/>.</summary>
public static class SaturatingRendering
{
    public static void Render(CliContext ctx, SaturatingFitResult r, IReadOnlyList<string> notes)
    {
        foreach (var n in notes) ctx.Console.WriteLine(n);
        var l = r.Law;
        var t = Tables.New("Saturating fit", "Value");
        t.Row("Form", "E = a (C + d)^-b + c, C in " + l.ComputeUnit.ToString().ToLowerInvariant());
        t.Row("a, b", $"{QuantityFormat.Significant(l.A, 4)}, {QuantityFormat.Significant(l.B, 4)}");
        t.Row("c (asymptote)", QuantityFormat.Significant(l.C, 4));
        t.Row("d (offset)", QuantityFormat.Scientific(l.D, 4));
        t.Row("Runs", r.Points.ToString(CultureInfo.InvariantCulture));
        t.Row("RMS log residual", r.RmsLogResidual.ToString("0.0000", CultureInfo.InvariantCulture));
        t.Row("Starts", $"{r.ConvergedStarts} of {r.Starts} converged; best: {r.Best.Status}, max|g| {r.Best.GradientNorm:0.0e0}");
        ctx.Console.Write(t);
        if (r.Out is { } o) ctx.Console.WriteLine($"Law written to {o} (use: scalinglab plan --modality vision --law {o} ...)");
    }
}
