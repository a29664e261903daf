using System.CommandLine;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab sweep`: design a set of runs, run them here or on Slurm, watch them, fit them, and check the prediction.</summary>
public static class SweepCommand
{
    public static Command Create(CliContext ctx) =>
        new("sweep", """
            Sweeps: from a design to a verified prediction.
              sweep design   an IsoFLOP design for a target budget within a sweep budget
              sweep run      train every run of a sweep (local or Slurm); rerun to resume
              sweep status   every run's state and loss
              sweep analyze  fit Approaches 1-3 on the runs and predict the target budget
              sweep verify   train the predicted optimum at a larger budget and compare
            """)
        {
            SweepDesignCommand.Create(ctx),
            SweepRunCommand.Create(ctx),
            SweepStatusCommand.Create(ctx),
            SweepAnalyzeCommand.Create(ctx),
            SweepVerifyCommand.Create(ctx),
        };
}
