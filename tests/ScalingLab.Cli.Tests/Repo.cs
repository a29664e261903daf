namespace ScalingLab.Cli.Tests;

/// <summary>The repository the tests run in: its root (where ScalingLab.slnx is) and files under it.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "ScalingLab.slnx"))) return d.FullName;
        throw new InvalidOperationException("repository root (ScalingLab.slnx) not found above " + AppContext.BaseDirectory);
    }
}
