namespace ScalingLab.Cli.Tests;

/// <summary>
/// The test classes that train: they run one after another, not side by side, so their LibTorch
/// runs and the processes the fault tests start do not compete for the two cores (a stalled
/// OpenMP pool on busy cores turned a 2-second run into minutes; see TrainCommandTests).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TrainingRuns
{
    public const string Name = "Training runs";
}
