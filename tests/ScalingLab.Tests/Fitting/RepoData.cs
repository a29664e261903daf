using ScalingLab.Fitting;

namespace ScalingLab.Tests.Fitting;

/// <summary>The repository's data folder (data/ beside ScalingLab.slnx) and the figure-4 runs.</summary>
public static class RepoData
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ScalingLab.slnx"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("no ScalingLab.slnx above the test binaries")
                : Path.Combine(dir.FullName, "data");
        }
    }

    public static string Fig4Path => Path.Combine(Root, "chinchilla-fig4-epoch.csv");

    /// <summary>Besiroglu et al. 2024's 240 points: the figure-4 file less its five highest losses.</summary>
    public static RunTable Fig4Dropped5 => RunTableReader.Read(Fig4Path).DropHighestLoss(5);
}
