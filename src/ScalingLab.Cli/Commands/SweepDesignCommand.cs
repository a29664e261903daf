using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Reports;
using ScalingLab.Sweeps;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Sweeps;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab sweep design`: an IsoFLOP sweep for a target budget, within a sweep budget, written as a sweep folder.</summary>
public static class SweepDesignCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<string>("--data") { Description = "A folder made by `data prepare` (byte-level for models this small).", HelpName = "DIR" };
        var target = Options.Parsed<Flops>("--target-budget", "The budget of the run being planned, in FLOPs: 1e15.", "FLOPS", (t, f) => Planning.UsableRange.Within(QuantityParser.Flops(t, f), f, t));
        var sweepBudget = Options.Parsed<SweepBudgetValue>("--sweep-budget", "What the whole sweep may spend: FLOPs (2e13) or wall time on this machine (20m, 1.5h).",
            "FLOPS|DURATION", (t, f) => new SweepBudgetValue(SweepBudget.Parse(t, f)));
        var law = Options.Law();
        var output = new Option<string>("--out") { Description = "The sweep folder to create (sweep.yaml, design.png, the store, runs/).", HelpName = "SWEEP_DIR" };
        var context = Options.Int("--context", "Sequence length of every run.", 8, 65_536, 128);
        var budgets = Options.Int("--budgets", "IsoFLOP budgets (the largest is held out when the fit is checked).", 4, 6, 5);
        var sizes = Options.Int("--sizes", "Model sizes per budget.", 5, 9, 7);
        var width = Options.Real("--width", "Half-width in decades of the sizes around the prior's optimum at each budget.", 0.2, 1.5, 0.6);
        var lr = Options.Real("--lr", "Fix the peak learning rate of every run (default: the hyperparameter rule per run).", 0, 10, minExclusive: true);
        var batch = Options.Int("--batch", "Fix the sequences per step of every run (default: the rule per run).", 1, 65_536);
        var seed = Options.Int("--seed", "Seed of the first run (run k gets seed + k) and of the simulation.", 0, int.MaxValue, 1);
        var noise = Options.Real("--noise", "Relative loss noise per run in the simulation (0.01 = 1%).", 0, 0.5, DesignSimulation.DefaultNoise);
        var replicates = Options.Int("--replicates", "Simulated sweeps behind the reported spread.", 20, 100_000, DesignSimulation.DefaultReplicates);
        var spread = Options.Real("--target-spread", "Ask for the cheapest design whose predicted N at the target stays within x/÷(1 + S) in 90% of simulated sweeps: 0.25.", 0, 10, minExclusive: true, helpName: "S");
        var convention = Options.Convention();
        var assume = Options.Real("--assume-flops-per-second", "Skip the calibration and assume this many FLOP/s per run (estimates become guesses).", 1, 1e20, helpName: "FLOP/S");
        var name = new Option<string>("--name") { Description = "A name for the sweep (default: the folder's name)." };
        var json = Options.Json();
        var cmd = new Command("design", """
            Design an IsoFLOP sweep: 4-6 log-spaced budgets, 5-9 sizes per budget bracketing the prior
            law's optimum, real shapes, tokens from each budget, learning rate and batch from the
            hyperparameter rule, a seed per run. The trainer is calibrated on this machine (about half
            a minute) to estimate each run's wall time; a design that does not fit the sweep budget is
            refused. The design is simulated under the prior with noise to report how precisely it will
            predict the optimal N and loss at the target budget.
            Examples:
              scalinglab sweep design --data brown-byte --target-budget 1e15 --sweep-budget 20m --out sweeps/brown
              scalinglab sweep design --data brown-byte --target-budget 1e15 --sweep-budget 5e13 --target-spread 0.3 --out sweeps/b2
            """)
        { data, target, sweepBudget, law, output, context, budgets, sizes, width, lr, batch, seed, noise, replicates, spread, convention, assume, name, json };
        cmd.SetAction(p =>
        {
            var folder = p.GetValue(output) ?? throw new InputException("--out", "(missing)", "give the sweep folder to create");
            if (File.Exists(SweepSpecFile.PathOf(folder)))
                throw new InputException("--out", folder, $"expected a new folder; this one holds a sweep ({SweepSpec.FileName}); `sweep run` it or choose another");
            IO.OutputPath.CheckFolder(folder, "--out");
            var dataDir = p.GetValue(data) ?? throw new InputException("--data", "(missing)", "give a folder made by `scalinglab data prepare`");
            var meta = DatasetMetadata.Verify(dataDir, "--data");
            var sb = Options.Required(p, sweepBudget, "give FLOPs (2e13) or a duration (20m)").Value;
            var request = new SweepDesignRequest(Path.GetFullPath(dataDir), meta.VocabSize, p.GetValue(context), meta.TrainTokens,
                Options.Required(p, target, "give the FLOPs of the run being planned, such as 1e15"), sb.Flops, sb.Duration,
                Options.LossLaw(p, law), p.GetValue(law)!.Name, p.GetValue(convention),
                p.GetValue(budgets), p.GetValue(sizes), p.GetValue(width),
                p.Given(lr) ? p.GetValue(lr) : null, p.Given(batch) ? p.GetValue(batch) : null, p.GetValue(seed),
                p.GetValue(noise), p.GetValue(replicates), p.Given(spread) ? p.GetValue(spread) : null,
                Name: p.GetValue(name) ?? Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/'))).Validated();
            var cores = Environment.ProcessorCount;
            var quiet = p.GetValue(json);

            var (design, calibration) = ProgressView.Run(ctx, (progress, cancel) =>
            {
                if (p.Given(assume)) return (SweepDesigner.Design(request, ThroughputModel.Fixed(p.GetValue(assume), cores)), (SweepCalibration?)null);
                progress.Report(new Progress.WorkProgress("designing", 0, 3, "a first layout"));
                var first = SweepDesigner.Design(request with { Replicates = 20, TargetSpread = null }, ThroughputModel.Fixed(2e10, cores));
                var shapes = new[] { first.Runs.MinBy(r => r.Parameters)!.Shape, first.Runs.MaxBy(r => r.Parameters)!.Shape };
                var batchSize = (int)first.Runs.Select(r => r.BatchSequences).Order().ElementAt(first.Runs.Count / 2);
                var cal = TrainerCalibration.Measure(SelfLauncher.Launcher(), request.Data, shapes, batchSize, cores,
                    Path.Combine(Path.GetTempPath(), "scalinglab-calibration-" + Guid.NewGuid().ToString("N")[..8]),
                    new Progress<string>(m => progress.Report(new Progress.WorkProgress("designing", 1, 3, m))), cancel);
                progress.Report(new Progress.WorkProgress("designing", 2, 3, "simulating the design"));
                var d = SweepDesigner.Design(request, ThroughputModel.From(cal));
                progress.Report(new Progress.WorkProgress("designing", 3, 3, "done"));
                return (d, cal);
            }, quiet);
            if (calibration is not null)
            {
                var t = ThroughputModel.From(calibration);
                calibration.Chosen = design.Mode.ToString();
                var modes = Enum.GetValues<ExecutionMode>().Select(m =>
                    $"{m}: {Units.QuantityFormat.Duration(ThroughputModel.Makespan(design.Runs.Select(r => t.RunSeconds(r.ExactFlopsPerToken, r.Tokens, 2, m)), t.Concurrency(m)))}");
                calibration.Reason = "estimated sweep wall time " + string.Join(", ", modes);
            }

            var spec = SweepSpecs.FromDesign(design, calibration, Guid.NewGuid().ToString("N"), cores);
            Directory.CreateDirectory(folder);
            SweepSpecFile.Save(spec, folder);
            using (SweepLedger.Open(spec, Path.GetFullPath(folder))) { }
            var plot = Path.Combine(folder, "design.png");
            SweepDesignPlot.Save(design, plot);
            if (quiet) JsonOutput.Write(ctx, SweepRendering.DesignJson(design, spec, Path.GetFullPath(folder), Path.GetFullPath(plot)));
            else SweepRendering.Design(ctx, design, spec, folder, plot);
            return 0;
        });
        return cmd;
    }

    /// <summary>The parsed --sweep-budget: FLOPs or a duration.</summary>
    private readonly record struct SweepBudgetValue((Flops? Flops, Seconds? Duration) Value);
}
