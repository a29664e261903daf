namespace ScalingLab.Cli.Tests;

/// <summary>The repository's data files the fit tests read.</summary>
public static class FitData
{
    public static string Fig4
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ScalingLab.slnx"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "data", "chinchilla-fig4-epoch.csv");
        }
    }
}
