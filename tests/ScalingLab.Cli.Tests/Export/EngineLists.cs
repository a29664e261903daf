namespace ScalingLab.Cli.Tests.Export;

/// <summary>
/// The engines' own option lists kept under data/engines (see data/README.md): what each emitted
/// flag, field, name or member is checked against.
/// </summary>
public static class EngineLists
{
    public static IReadOnlySet<string> MegatronFlags { get; } = Lines("megatron-flags.txt");
    public static IReadOnlySet<string> TorchtitanEntries { get; } = Lines("torchtitan-fields.txt");
    public static IReadOnlySet<string> SbatchOptions { get; } = Lines("sbatch-options.txt");

    /// <summary>CreateTrainingJob member paths (ResourceConfig.InstanceType, HyperParameters.KEY) and accepted values (ResourceConfig.InstanceType=ml.p5.48xlarge).</summary>
    public static IReadOnlySet<string> SageMakerMembers { get; } =
        Lines("sagemaker-create-training-job.txt").Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);

    /// <summary>The commit or version named in a list's header.</summary>
    public static string Header(string file) => File.ReadLines(Repo.Path("data", "engines", file)).First();

    private static HashSet<string> Lines(string file) =>
        File.ReadLines(Repo.Path("data", "engines", file)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
}
