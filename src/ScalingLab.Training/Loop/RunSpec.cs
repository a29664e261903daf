using System.Globalization;
using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Training.Loop;

/// <summary>
/// What a run was asked to train, as it was asked: a budget, a size (with or without tokens) or an
/// explicit shape, the data, and any value fixed in place of the plan's (null: the plan's). run.json
/// keeps it, so the same request made again is recognised as the same run (a scheduler's requeue
/// reruns the same command) and a changed one is named. <see cref="RunPlanner"/> turns it into options.
/// </summary>
/// <param name="Data">The prepared dataset's folder, as a full path.</param>
/// <param name="LearningRate">A peak learning rate in place of the hyperparameter rule's.</param>
/// <param name="BatchSequences">A batch in place of the rule's, in sequences of <paramref name="Context"/>.</param>
/// <param name="WarmupFraction">Warm-up as a share of the steps in place of the rule's (2,000 steps, at most 10%).</param>
/// <param name="EvalEvery">Updates between validation passes; null: a twentieth of the run.</param>
/// <param name="CheckpointEvery">Updates between checkpoints; null: a tenth of the run.</param>
public sealed record RunSpec(
    string Data,
    Flops? Budget = null,
    Parameters? Parameters = null,
    Tokens? Tokens = null,
    int? Layers = null,
    int? DModel = null,
    int Context = 256,
    string Law = LawCatalog.DefaultName,
    double? LearningRate = null,
    int? BatchSequences = null,
    double? WarmupFraction = null,
    Precision Precision = Precision.Fp32,
    long Seed = 1,
    int? EvalEvery = null,
    int? CheckpointEvery = null,
    double SpikeFactor = 3.0,
    int Threads = 2,
    TrainingDevice Device = TrainingDevice.Cpu)
{
    /// <summary>Each field by its parameter name, as text for comparing and for messages.</summary>
    private static readonly (string Parameter, Func<RunSpec, string> Text)[] Fields =
    [
        ("data", s => s.Data),
        ("budget", s => Text(s.Budget?.Value)),
        ("parameters", s => Text(s.Parameters?.Value)),
        ("tokens", s => Text(s.Tokens?.Value)),
        ("layers", s => Text(s.Layers)),
        ("dModel", s => Text(s.DModel)),
        ("context", s => Text(s.Context)),
        ("law", s => s.Law),
        ("learningRate", s => Text(s.LearningRate)),
        ("batchSequences", s => Text(s.BatchSequences)),
        ("warmupFraction", s => Text(s.WarmupFraction)),
        ("precision", s => s.Precision.Key()),
        ("seed", s => Text(s.Seed)),
        ("evalEvery", s => Text(s.EvalEvery)),
        ("checkpointEvery", s => Text(s.CheckpointEvery)),
        ("spikeFactor", s => Text(s.SpikeFactor)),
        ("threads", s => Text(s.Threads)),
        ("device", s => s.Device.ToString().ToLowerInvariant()),
    ];

    /// <summary>
    /// The first field (among <paramref name="considered"/>, or all) whose value differs from
    /// <paramref name="recorded"/>'s: its parameter name, this spec's value and the recorded one.
    /// </summary>
    public (string Parameter, string Value, string Recorded)? FirstDifference(RunSpec recorded, Func<string, bool>? considered = null)
    {
        foreach (var (parameter, text) in Fields)
        {
            if (considered is not null && !considered(parameter)) continue;
            var (mine, theirs) = (text(this), text(recorded));
            if (mine != theirs) return (parameter, mine, theirs);
        }
        return null;
    }

    /// <summary>
    /// The error for a request that differs from the run already in <paramref name="runFolder"/>,
    /// or nothing when it asks for the same run.
    /// </summary>
    public void RequireSame(RunSpec recorded, string runFolder, Func<string, bool>? considered = null)
    {
        if (FirstDifference(recorded, considered) is not { } d) return;
        var was = d.Recorded == NotGiven ? "without it" : $"with {d.Recorded}";
        throw new InputException(d.Parameter, d.Value,
            $"the run in {runFolder} was started {was}; give the same options to continue it, or a new {ParameterRef.To("output")} for a new run");
    }

    private const string NotGiven = "(not given)";
    private static string Text(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : NotGiven;
    private static string Text(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : NotGiven;
}
