namespace ScalingLab.Cli.Tests.Browser;

/// <summary>Where the browser tests leave their screenshots and PDFs: $SCALINGLAB_SCREENSHOTS, else artifacts/screenshots in the repository (ignored by git).</summary>
public static class Screenshots
{
    public static string Folder
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("SCALINGLAB_SCREENSHOTS");
            if (string.IsNullOrEmpty(dir))
            {
                var root = new DirectoryInfo(AppContext.BaseDirectory);
                while (root is not null && !File.Exists(Path.Combine(root.FullName, "ScalingLab.slnx"))) root = root.Parent;
                dir = Path.Combine(root?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
            }
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
