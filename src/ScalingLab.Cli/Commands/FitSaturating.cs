using System.CommandLine;
using System.Text.Json.Nodes;
using ScalingLab.Cli.Rendering;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;
using Spectre.Console;

namespace ScalingLab.Cli.Commands;

/// <summary>`fit --form saturating`: E = a (C + d)^-b + c from (compute, metric) runs, for vision/CLIP-style laws.</summary>
public static class FitSaturating
{
    public static int Run(CliContext ctx, ParseResult p, string path, string? name, ComputeUnit unit, string? outPath,
        bool json, IEnumerable<Option> unsupported)
    {
        // Options of the language-model fit that this form does not have are refused, not ignored.
        foreach (var o in unsupported)
            if (p.GetResult(o) is { Implicit: false } given)
                throw new InputException(o.Name, given.Tokens.FirstOrDefault()?.Value ?? "", "not available with --form saturating (it fits E = a (C + d)^-b + c once; no bootstrap, backtest, plot or approaches)");
        var points = RunTableReader.ReadCompute(path);
        var lawName = name ?? Path.GetFileNameWithoutExtension(path);
        var r = SaturatingFit.Fit(points, lawName, unit, "error", new Source($"fitted from {Path.GetFileName(path)}", "scalinglab fit --form saturating", DateTime.UtcNow.Year));
        if (outPath is not null)
            LawCatalog.Save(r.Law.ToDefinition($"least squares on log residuals over {r.Points} runs; rms log residual {r.RmsLogResidual:0.####}"), outPath);
        var l = r.Law;
        if (json)
        {
            JsonOutput.Write(ctx, new JsonObject
            {
                ["form"] = l.Form, ["a"] = l.A, ["b"] = l.B, ["c"] = l.C, ["d"] = l.D, ["computeUnit"] = l.ComputeUnit.ToString().ToLowerInvariant(),
                ["objective"] = r.Objective, ["rmsLogResidual"] = r.RmsLogResidual, ["points"] = r.Points,
                ["starts"] = r.Starts, ["convergedStarts"] = r.ConvergedStarts, ["converged"] = r.Best.Converged, ["out"] = outPath,
            });
            return 0;
        }
        var t = Tables.New("Saturating fit", "Value");
        t.Row("Form", "E = a (C + d)^-b + c, C in " + l.ComputeUnit.ToString().ToLowerInvariant());
        t.Row("a, b", $"{QuantityFormat.Significant(l.A, 4)}, {QuantityFormat.Significant(l.B, 4)}");
        t.Row("c (asymptote)", QuantityFormat.Significant(l.C, 4));
        t.Row("d (offset)", QuantityFormat.Scientific(l.D, 4));
        t.Row("Runs", r.Points.ToString());
        t.Row("RMS log residual", r.RmsLogResidual.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        t.Row("Starts", $"{r.ConvergedStarts} of {r.Starts} converged; best: {r.Best.Status}, max|g| {r.Best.GradientNorm:0.0e0}");
        ctx.Console.Write(t);
        if (outPath is not null) ctx.Console.WriteLine($"Law written to {outPath} (use: scalinglab plan --modality vision --law {outPath} ...)");
        return 0;
    }
}
