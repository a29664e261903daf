using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Fitting;
using ScalingLab.IO;
using ScalingLab.Laws;
using ScalingLab.Reports;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// `scalinglab fit`: fit your own law from your runs. Typed options -> one <see cref="FitRequest"/>
/// -> <see cref="Fitter.Fit"/> (with live progress and Ctrl-C) -> one <see cref="FitReport"/>,
/// shown by <see cref="FitRendering"/> or serialised for --json. Output paths are checked before
/// the fit runs and written through a temporary file.
/// </summary>
public static class FitCommand
{
    public static Command Create(CliContext ctx)
    {
        var o = new FitOptions();
        var cmd = new Command("fit", """
            Fit a scaling law to your own runs.
              Approach 1: lower envelope of training curves (needs a run id column).
              Approach 2: a parabola of loss in log N per compute budget, then N* = k C^a, D* = k' C^b.
              Approach 3: L = E + A/N^alpha + B/D^beta by Huber loss on log residuals, L-BFGS from
                          every point of a 4,500-start grid (Hoffmann et al. 2022, Besiroglu et al. 2024).
            Examples:
              scalinglab fit runs.csv
              scalinglab fit data/chinchilla-fig4-epoch.csv --drop-top 5 --approach 3 --bootstrap 1000 --out my-law.json
              scalinglab plan --law my-law.json --budget 1e22
              scalinglab fit runs.jsonl --approach 2 --plot fit.png --json
              scalinglab fit clip-runs.csv --form saturating --out clip-law.json   (columns gmacs, error)
            """);
        o.AddTo(cmd);
        cmd.SetAction(p => p.GetValue(o.Form) == FitForm.Saturating ? FitSaturating.Run(ctx, p, o) : Run(ctx, p, o));
        return cmd;
    }

    private static int Run(CliContext ctx, ParseResult p, FitOptions o)
    {
        if (p.Given(o.ComputeUnit))
            throw new InputException("computeUnit", p.GetResult(o.ComputeUnit)!.Tokens[0].Value, "only with ‹form› saturating");
        var inputs = o.Inputs(p);
        // Every output is checked before any work: a bad path fails at once, not after the fit.
        var lawPath = p.GetValue(o.Output) is { } l ? OutputPath.Check(l, "output", inputs) : null;
        var plotPath = p.GetValue(o.Plot) is { } pl ? OutputPath.Check(pl, "plot", inputs, FitPlot.Extensions) : null;
        var table = o.Table(p);
        var request = o.Request(p);
        var report = ProgressView.Run(ctx, (progress, cancel) => Fitter.Fit(table, request, progress, cancel));
        var law = lawPath is null ? null : Fitter.ToLawDefinition(report, p.GetValue(o.Name) ?? Path.GetFileNameWithoutExtension(inputs[0].TrimEnd('/')));
        // Nothing is written once a stop was asked for, and nothing until every output is known to be sound.
        ctx.Cancellation.ThrowIfCancellationRequested();
        if (law is not null) LawCatalog.Save(law, lawPath!);
        if (plotPath is not null) FitPlot.Save(report, plotPath);
        report = report with { LawFile = law is null ? null : p.GetValue(o.Output), Plot = p.GetValue(o.Plot) };
        if (p.GetValue(o.Json)) JsonOutput.Write(ctx, report);
        else FitRendering.Render(ctx, report);
        return 0;
    }
}
