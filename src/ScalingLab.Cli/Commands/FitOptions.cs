using System.CommandLine;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// Every option `fit` takes, typed, and their one translation into a <see cref="FitRequest"/>.
/// Options the saturating form cannot honour are listed in <see cref="ChinchillaOnly"/> and refused there.
/// </summary>
public sealed class FitOptions
{
    public readonly Argument<string[]> File = new("FILE")
    {
        Arity = ArgumentArity.OneOrMore,
        Description = "Runs as CSV, TSV or JSONL with columns params/parameters/n/model size, tokens/d (or flops/c/budget/training flop) and loss; optional run id and step. " +
                      "Or our own runs: a sweep folder, an experiment store (.db) or a run's metrics.jsonl. " +
                      "Or training logs: trainer_state.json, TensorBoard event files, W&B exports, folders of runs, any table with --loss-column and the like.",
    };
    /// <summary>How other tools' logs are read: column mappings, and sizes and tokens the logs do not carry.</summary>
    public readonly LogInputOptions Logs = new();
    public readonly Option<Approaches> Approach = Options.Choice("--approach", "1 (envelope of training curves), 2 (IsoFLOP parabolas), 3 (parametric L = E + A/N^a + B/D^b) or all (default; skips what the data cannot support, saying why).",
        [("1", Approaches.Envelope), ("2", Approaches.IsoFlop), ("3", Approaches.Parametric), ("all", Approaches.All)], Approaches.All);
    public readonly Option<int> DropTop = Options.Int("--drop-top", "Drop the K highest-loss points first (Besiroglu et al. 2024 drop 5 from the figure-4 data).", 0, 1_000_000, 0, "K");
    public readonly Option<(string Column, string Value)?> Where = Options.Parsed<(string, string)>("--where", "Keep only rows where a column has a value: --where dataset=c4.", "COLUMN=VALUE",
        (text, field) => text.Split('=', 2) is [var c, var v] && c.Trim().Length > 0 ? (c, v) : throw new InputException(field, text, "expected COLUMN=VALUE"));
    public readonly Option<int> Bootstrap = Options.Int("--bootstrap", "Bootstrap resamples for 95% intervals (0 = none; 1000 take a few seconds, including two full-grid refits that check the resample fits converged).", 0, 1_000_000, 0, "R");
    public readonly Option<int> Seed = Options.Int("--seed", "Seed of the bootstrap's resampling.", 0, int.MaxValue, 0);
    public readonly Option<Flops?> Budget = Options.Budget("Budget for the N_opt/D_opt/loss intervals (default 5.76e23, Chinchilla's).");
    public readonly Option<(int Budgets, bool LeaveOneOut)?> Backtest = Options.Parsed<(int, bool)>("--backtest",
        "Hold out the K largest budgets (or with loo each budget in turn), refit Approaches 2 and 3 on the rest, and compare their predicted optimal size and loss with the held-out IsoFLOP vertex; with --bootstrap R, 95% intervals from R resamples of whole budgets.", "K|loo",
        (text, field) => text.Trim().Equals("loo", StringComparison.OrdinalIgnoreCase) ? (0, true)
            : int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var k) && k is >= 1 and <= 100 ? (k, false)
            : throw new InputException(field, text, "expected K, the number of largest budgets to hold out (1 to 100), or loo"));
    public readonly Option<double> Delta = Options.Real("--huber-delta", "Huber delta on log-loss residuals.", 0, 1e6, 1e-3, minExclusive: true);
    public readonly Option<ParametricMethod> Method = Options.Choice("--method", "How Approach 3 searches: vp (default; variable projection over an (alpha, beta) grid, then a 5-constant polish) or grid (L-BFGS from every start of Hoffmann's 4,500-start grid). Both minimise the same objective.",
        [("vp", ParametricMethod.VariableProjection), ("grid", ParametricMethod.Grid)], ParametricMethod.VariableProjection);
    public readonly Option<StartGrid> Grid = Options.Resolved("--grid", "Search grid, axis=from:to:step per axis. --method grid: starts over a, b, e, alpha, beta (default Hoffmann's 4,500: a,b=0:25:5 e=-1:1:0.5 alpha,beta=0:2:0.5). --method vp: the alpha and beta axes of its cells (default -0.5, -0.25, 0 and 0.05:1.95:0.1 each).", "AXES", StartGrid.Parse);
    public readonly Option<double> Tolerance = Options.Real("--budget-tolerance", "Half-width in decades (log10) for grouping runs into one budget.", 0, 1, BudgetGroups.DefaultToleranceDex, minExclusive: true);
    public readonly Option<string> Output = new("--out") { Description = "Write the fitted law as JSON for `plan --law FILE` (with bootstrap samples when --bootstrap is given).", HelpName = "law.json" };
    public readonly Option<string> Name = new("--name") { Description = "Name of the saved law (default: the data file's name)." };
    public readonly Option<string> Plot = new("--plot") { Description = "Draw data, IsoFLOP parabolas, the law's IsoFLOP curves and its frontier to PNG or SVG.", HelpName = "fit.png" };
    public readonly Option<bool> Json = Options.Json();
    public readonly Option<FitForm> Form = Options.Choice("--form", "chinchilla (default: Approaches 1-3 on N, D, loss) or saturating (E = a (C + d)^-b + c on compute and error columns, Zhai et al. 2022; for vision/CLIP laws).",
        [("chinchilla", FitForm.Chinchilla), ("saturating", FitForm.Saturating)], FitForm.Chinchilla);
    public readonly Option<ComputeUnit> ComputeUnit = Options.Choice("--compute-unit", "With --form saturating: gmacs (total forward GMACs, as Cherti et al. 2023) or flops.",
        [("gmacs", Laws.ComputeUnit.Gmacs), ("flops", Laws.ComputeUnit.Flops)], Laws.ComputeUnit.Gmacs);

    /// <summary>The options of the language-model fit that the saturating form does not have.</summary>
    public IEnumerable<Option> ChinchillaOnly => [Approach, DropTop, Where, Bootstrap, Budget, Backtest, Delta, Method, Grid, Tolerance, Plot];

    public void AddTo(Command cmd)
    {
        cmd.Add(File);
        foreach (var o in new Option[] { Approach, DropTop, Where, Bootstrap, Seed, Budget, Backtest, Delta, Method, Grid, Tolerance, Output, Name, Plot, Json, Form, ComputeUnit }
                     .Concat(Logs.All))
            cmd.Add(o);
    }

    /// <summary>The inputs named on the command line (one or more files or folders).</summary>
    public IReadOnlyList<string> Inputs(ParseResult p) => p.GetValue(File) ?? [];

    /// <summary>The one input of a form that reads a single table.</summary>
    public string SingleInput(ParseResult p, string why)
    {
        var inputs = Inputs(p);
        return inputs.Count == 1 ? inputs[0] : throw new InputException("FILE", inputs.Count > 1 ? inputs[1] : "(missing)", why);
    }

    /// <summary>The run table as asked: read, filtered by --where, less the --drop-top highest losses.</summary>
    public RunTable Table(ParseResult p)
    {
        // Our own runs (a sweep, a store, a run's metrics) are recognised first, then other tools' logs and tables.
        var inputs = Inputs(p);
        var table = inputs.Count == 1 && Training.Runs.RunSources.TryRead(inputs[0]) is { } ours ? ours : Logs.Read(p, inputs);
        if (p.GetValue(Where) is var (column, value)) table = table.Where(column, value);
        return table.DropHighestLoss(p.GetValue(DropTop));
    }

    public FitRequest Request(ParseResult p) => new(
        p.GetValue(Approach),
        Parametric(p),
        p.GetValue(Bootstrap),
        p.GetValue(Seed),
        p.GetValue(Budget),
        0.95,
        p.GetValue(Tolerance),
        p.GetValue(Backtest)?.Budgets ?? 0,
        p.GetValue(Backtest)?.LeaveOneOut ?? false);

    private ParametricFitOptions Parametric(ParseResult p)
    {
        var grid = p.GetValue(Grid);
        var method = p.GetValue(Method);
        // Variable projection takes only the exponent axes of --grid (the inner solve needs no starts for a, b, e).
        var exponents = grid is not null && method == ParametricMethod.VariableProjection ? new ExponentGrid(grid.Alpha, grid.Beta) : null;
        return new ParametricFitOptions(p.GetValue(Delta), grid, Method: method, ExponentGrid: exponents);
    }
}
