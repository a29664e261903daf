using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Fitting;
using ScalingLab.IO;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>`fit --form saturating`: E = a (C + d)^-b + c from (compute, metric) runs, for vision/CLIP-style laws.</summary>
public static class FitSaturating
{
    public static int Run(CliContext ctx, ParseResult p, FitOptions o)
    {
        // Options of the language-model fit that this form does not have are refused, not ignored.
        foreach (var option in o.ChinchillaOnly)
            if (p.GetResult(option) is { Implicit: false } given)
                throw new InputException(option.Name, given.Tokens.FirstOrDefault()?.Value ?? "", "not available with ‹form› saturating (it fits E = a (C + d)^-b + c once; no bootstrap, backtest, plot or approaches)");
        var path = o.SingleInput(p, "--form saturating reads one table of (compute, error) runs");
        var outPath = p.GetValue(o.Output) is { } op ? OutputPath.Check(op, "output", [path]) : null;
        var unit = p.GetValue(o.ComputeUnit);
        var points = RunTableReader.ReadCompute(path, unit);
        var lawName = p.GetValue(o.Name) ?? Path.GetFileNameWithoutExtension(path);
        var r = SaturatingFit.Fit(points.Points, lawName, unit, points.MetricColumn,
            new Source($"fitted from {Path.GetFileName(path)}", "scalinglab fit --form saturating", DateTime.UtcNow.Year));
        if (outPath is not null)
            LawCatalog.Save(r.Law.ToDefinition($"least squares on log residuals over {r.Points} runs; rms log residual {r.RmsLogResidual:0.####}"), outPath);
        r = r with { Out = p.GetValue(o.Output) };
        if (p.GetValue(o.Json)) JsonOutput.Write(ctx, r);
        else SaturatingRendering.Render(ctx, r, points.Notes);
        return 0;
    }
}
