using ScalingLab.Units;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ScalingLab.Sweeps;

/// <summary>
/// Reads and writes sweep.yaml. Writing goes through a temporary file and a rename, so a crash never
/// leaves half a spec. Reading refuses, in one message naming the file and the field, an unknown
/// field (a typo), a missing or empty required one, a duplicated run id, and a run id that could not
/// be a folder name.
/// </summary>
public static class SweepSpecFile
{
    private const string Field = "SPEC";

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>The sweep folder of a SPEC argument: the folder itself, or the folder of its sweep.yaml.</summary>
    public static string Folder(string spec, string field = Field)
    {
        if (Directory.Exists(spec)) return Path.GetFullPath(spec);
        if (File.Exists(spec)) return Path.GetDirectoryName(Path.GetFullPath(spec))!;
        throw new InputException(field, spec, $"expected a sweep folder made by `sweep design` (or its {SweepSpec.FileName})");
    }

    public static string PathOf(string folder) => Path.Combine(folder, SweepSpec.FileName);

    public static void Save(SweepSpec spec, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(folder);
        var text = "# A ScalingLab sweep (scalinglab sweep design). Edit freely: each run's `train` line is what\n"
            + "# `scalinglab sweep run` trains; the executor adds only --out, --store, --threads, --peak-flops and --json.\n"
            + Writer.Serialize(spec);
        IO.OutputPath.WriteAllText(path, text);
    }

    public static SweepSpec Load(string specOrFolder, string field = Field)
    {
        var folder = Folder(specOrFolder, field);
        var path = PathOf(folder);
        if (!File.Exists(path))
            throw new InputException(field, specOrFolder, $"expected a sweep folder holding {SweepSpec.FileName} (none there)");
        SweepSpec? spec;
        try
        {
            spec = Reader.Deserialize<SweepSpec>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            var what = (e.InnerException?.Message ?? e.Message).Split('\n')[0].TrimEnd('.');
            throw new InputException(field, path, $"line {e.Start.Line}: {what}");
        }
        return Validate(spec ?? throw new InputException(field, path, "the file is empty; expected a sweep spec"), path, field);
    }

    /// <summary>Checks every required field, naming the first that is missing or wrong.</summary>
    public static SweepSpec Validate(SweepSpec s, string path, string field = Field)
    {
        void Need(bool ok, string what)
        {
            if (!ok) throw new InputException(field, path, what);
        }
        Need(s.Version == SweepSpec.CurrentVersion, $"version {s.Version} is not supported; expected version: {SweepSpec.CurrentVersion}");
        Need(!string.IsNullOrWhiteSpace(s.Id), "missing field 'id' (the sweep's identity)");
        Need(!string.IsNullOrWhiteSpace(s.Data), "missing field 'data' (the prepared dataset)");
        Need(s.TargetBudget > 0 && double.IsFinite(s.TargetBudget), "missing or non-positive field 'targetBudget' (FLOPs)");
        Need(!string.IsNullOrWhiteSpace(s.Law), "missing field 'law' (the prior law)");
        Need(s.Context > 0, "missing or non-positive field 'context'");
        Need(s.Vocab > 0, "missing or non-positive field 'vocab'");
        Need(!string.IsNullOrWhiteSpace(s.Store), "missing field 'store'");
        Need(s.Executor is not null, "missing field 'executor'");
        Need(s.Executor!.MaxAttempts is >= 1 and <= 100, "executor.maxAttempts must be from 1 to 100");
        Need(s.Executor.Local is { Parallel: >= 1, ThreadsPerRun: >= 1 }, "executor.local needs parallel and threadsPerRun of 1 or more");
        Need(s.Executor.Slurm is { CpusPerTask: >= 1 }, "executor.slurm needs cpusPerTask of 1 or more");
        Need(s.Executor.Slurm.PollSeconds is > 0 and <= 3600, "executor.slurm.pollSeconds must be above 0 and at most 3600");
        Need(!string.IsNullOrWhiteSpace(s.Executor.Slurm.Memory) && !string.IsNullOrWhiteSpace(s.Executor.Slurm.Time),
            "executor.slurm needs memory and time");
        Need(System.Text.RegularExpressions.Regex.IsMatch(s.Executor.Slurm.Memory, "^[0-9]+[KMGT]?$"),
            $"executor.slurm.memory '{s.Executor.Slurm.Memory}' is not a Slurm memory size (a number with K, M, G or T: 2G, 1500M)");
        Need(Launch.BatchScript.ParseSlurmTime(s.Executor.Slurm.Time) is not null,
            $"executor.slurm.time '{s.Executor.Slurm.Time}' is not a Slurm time limit (minutes, HH:MM:SS or D-HH:MM:SS)");
        Need(s.Runs is { Count: > 0 }, "missing field 'runs' (no runs)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Runs.Count; i++)
        {
            var r = s.Runs[i];
            var at = $"runs[{i}]" + (string.IsNullOrWhiteSpace(r?.Id) ? "" : $" ({r!.Id})");
            Need(r is not null, $"{at} is empty");
            Need(!string.IsNullOrWhiteSpace(r!.Id), $"{at} has no 'id'");
            Need(r.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && r.Id[0] != '.',
                $"{at}: id '{r.Id}' must be letters, digits, '-', '_' or '.' (it names the run's folder)");
            Need(seen.Add(r.Id), $"{at}: id '{r.Id}' appears twice");
            Need(!string.IsNullOrWhiteSpace(r.Train), $"{at} has no 'train' arguments");
            var args = CommandLineText.Split(r.Train);
            foreach (var reserved in SweepRunArguments.Reserved)
                Need(!args.Contains(reserved), $"{at}: 'train' must not set {reserved} (the executor sets it)");
        }
        return s;
    }
}
