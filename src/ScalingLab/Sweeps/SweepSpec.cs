namespace ScalingLab.Sweeps;

/// <summary>
/// A sweep as its folder's sweep.yaml holds it: what is being planned (the target budget, the prior
/// law), where the data is, how the runs are executed, and every run with its full `train`
/// arguments. The file is meant to be read and edited by people: the arguments of a run are what
/// is trained; the numbers beside them (parameters, tokens, FLOPs) say what the design intended.
/// Paths inside the folder (the store, the runs) are relative to it, so a sweep folder can move.
/// </summary>
public sealed class SweepSpec
{
    public const string FileName = "sweep.yaml";
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;
    /// <summary>Identity of the sweep: the store records it, so a store from another sweep is refused.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The prepared dataset (absolute, or relative to the sweep folder).</summary>
    public string Data { get; set; } = "";
    /// <summary>The budget of the run being planned, in FLOPs.</summary>
    public double TargetBudget { get; set; }
    /// <summary>The prior law the design was centred on (a preset name or a law file).</summary>
    public string Law { get; set; } = "";
    public string FlopConvention { get; set; } = "sixN";
    public int Context { get; set; }
    public int Vocab { get; set; }
    /// <summary>The SQLite store every run records into, relative to the sweep folder.</summary>
    public string Store { get; set; } = "sweep.db";
    public SweepExecutorSpec Executor { get; set; } = new();
    public SweepCalibration? Calibration { get; set; }
    public SweepSimulation? Simulation { get; set; }
    public List<SweepRunSpec> Runs { get; set; } = [];
}

/// <summary>One run of a sweep: its id (also its folder under runs/), what the design meant, and the `train` arguments.</summary>
public sealed class SweepRunSpec
{
    public string Id { get; set; } = "";
    /// <summary>The IsoFLOP budget this run belongs to.</summary>
    public double Budget { get; set; }
    /// <summary>Training FLOPs of the run as designed, under the sweep's convention.</summary>
    public double Flops { get; set; }
    /// <summary>Total parameters of the run's shape.</summary>
    public double Parameters { get; set; }
    public double Tokens { get; set; }
    public double EstimatedSeconds { get; set; }
    /// <summary>
    /// Everything `scalinglab train` is given for this run, as one command line. The executor adds
    /// only where and how it runs: --out, --store, --threads, --peak-flops and --json.
    /// </summary>
    public string Train { get; set; } = "";
}

/// <summary>How runs are executed: attempts per run, and per-executor resources.</summary>
public sealed class SweepExecutorSpec
{
    /// <summary>Launches of one run before it is given up (a run stopped by a signal or preempted is launched again).</summary>
    public int MaxAttempts { get; set; } = 3;
    public LocalExecutorSpec Local { get; set; } = new();
    public SlurmExecutorSpec Slurm { get; set; } = new();
}

/// <summary>The local executor: runs at once and LibTorch threads per run (chosen by the calibration's measurement).</summary>
public sealed class LocalExecutorSpec
{
    public int Parallel { get; set; } = 1;
    public int ThreadsPerRun { get; set; } = 1;
}

/// <summary>Resources of each Slurm job: one job per run.</summary>
public sealed class SlurmExecutorSpec
{
    public int CpusPerTask { get; set; } = 1;
    /// <summary>Memory per job as sbatch's --mem takes it: 2G, 1500M.</summary>
    public string Memory { get; set; } = "2G";
    /// <summary>Wall-time limit per job as sbatch's --time takes it (D-HH:MM:SS or HH:MM:SS).</summary>
    public string Time { get; set; } = "01:00:00";
    public string? Partition { get; set; }
    /// <summary>More sbatch options, one per entry (--account=..., --qos=...).</summary>
    public List<string> ExtraOptions { get; set; } = [];
    /// <summary>Seconds between squeue polls.</summary>
    public double PollSeconds { get; set; } = 5;
}

/// <summary>
/// What the trainer measured on the design machine: per-run start-up seconds and throughput (exact
/// FLOPs per second) at the design's smallest and largest shapes, for one run on every core and
/// for one run per core, and which of the two the local executor uses.
/// </summary>
public sealed class SweepCalibration
{
    public string Host { get; set; } = "";
    public int Cores { get; set; }
    public double StartupSeconds { get; set; }
    public List<CalibrationPoint> Points { get; set; } = [];
    /// <summary>"oneRunAllCores" or "oneRunPerCore".</summary>
    public string Chosen { get; set; } = "";
    public string Reason { get; set; } = "";
}

/// <summary>One measurement: a shape's exact FLOPs per token, the mode, threads per run, runs at once and the FLOP/s each run reached.</summary>
public sealed class CalibrationPoint
{
    public double FlopsPerToken { get; set; }
    public string Mode { get; set; } = "";
    public int Threads { get; set; }
    public int Concurrent { get; set; }
    public double FlopsPerSecondPerRun { get; set; }
}

/// <summary>The design simulated under the prior law: how much the prediction at the target budget would spread.</summary>
public sealed class SweepSimulation
{
    public int Replicates { get; set; }
    /// <summary>Standard deviation of the multiplicative noise on each run's loss (0.01 = 1%).</summary>
    public double Noise { get; set; }
    public string NoiseModel { get; set; } = "";
    public double TrueParameters { get; set; }
    public double TrueLoss { get; set; }
    /// <summary>Central 90% of the predicted optimal N at the target budget.</summary>
    public double[] ParametersInterval { get; set; } = [];
    public double[] LossInterval { get; set; } = [];
    /// <summary>Geometric half-width of the 90% interval of the predicted N: 0.2 means within x/÷ 1.2.</summary>
    public double ParametersSpread { get; set; }
    /// <summary>Half the 90% interval of the predicted loss, relative to the true loss.</summary>
    public double LossSpread { get; set; }
}
