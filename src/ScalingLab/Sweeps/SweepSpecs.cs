using ScalingLab.Compute;

namespace ScalingLab.Sweeps;

/// <summary>Turns a design into the spec sweep.yaml holds.</summary>
public static class SweepSpecs
{
    public static SweepSpec FromDesign(SweepDesign d, SweepCalibration? calibration, string id, int cores)
    {
        var r = d.Request;
        var parallel = d.Mode == ExecutionMode.OneRunPerCore ? cores : 1;
        return new SweepSpec
        {
            Id = id,
            Name = r.Name,
            Data = r.Data,
            TargetBudget = r.Target.Value,
            Law = r.LawName,
            FlopConvention = r.Convention.Name(),
            Context = r.Context,
            Vocab = r.Vocab,
            Executor = new SweepExecutorSpec
            {
                Local = new LocalExecutorSpec { Parallel = parallel, ThreadsPerRun = Math.Max(1, cores / parallel) },
            },
            Calibration = calibration,
            Simulation = d.Simulation,
            Runs = d.Runs.Select(x => new SweepRunSpec
            {
                Id = x.Id,
                Budget = x.Budget,
                Flops = x.Flops,
                Parameters = x.Parameters,
                Tokens = x.Tokens,
                EstimatedSeconds = Math.Round(x.EstimatedSeconds, 1),
                Train = CommandLineText.Join(x.TrainArguments),
            }).ToList(),
        };
    }
}
