using System.CommandLine;
using ScalingLab.Sweeps;
using ScalingLab.Training.Corpus;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>The SPEC argument every `sweep` verb after `design` takes: a sweep folder or its sweep.yaml, loaded and checked.</summary>
public static class SweepSpecArgument
{
    public static Argument<string> Create() => new("SPEC") { Description = "A sweep folder made by `sweep design` (or its sweep.yaml)." };

    public static (SweepSpec Spec, string Folder) Load(string path)
    {
        var spec = SweepSpecFile.Load(path);
        return (spec, SweepSpecFile.Folder(path));
    }

    /// <summary>The spec's dataset, refused with one line when the folder has vanished or is not a dataset.</summary>
    public static DatasetMetadata Data(SweepSpec spec, string folder)
    {
        var data = Path.Combine(folder, spec.Data);
        if (!Directory.Exists(data))
            throw new InputException("SPEC", SweepSpecFile.PathOf(folder), $"its data folder {data} no longer exists; prepare it again or fix 'data' in {SweepSpec.FileName}");
        return DatasetMetadata.Load(data, "SPEC");
    }
}
