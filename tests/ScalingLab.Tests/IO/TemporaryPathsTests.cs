using ScalingLab.IO;

namespace ScalingLab.Tests.IO;

public class TemporaryPathsTests
{
    [Fact]
    public void A_forced_exit_removes_what_is_still_being_written_and_nothing_else()
    {
        var root = Directory.CreateTempSubdirectory("sl-temp-paths").FullName;
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, ".ds.tmp-1")).FullName;
            File.WriteAllText(Path.Combine(folder, "train.bin"), "x");
            var file = Path.Combine(root, ".law.json.1.tmp");
            File.WriteAllText(file, "{");
            var finished = Path.Combine(root, ".done.tmp");
            File.WriteAllText(finished, "kept: its writer finished and renamed or removed it itself");
            using (TemporaryPaths.Track(finished)) { }
            using var a = TemporaryPaths.Track(folder);
            using var b = TemporaryPaths.Track(file);

            TemporaryPaths.DeleteAll(under: root);

            Assert.False(Directory.Exists(folder));
            Assert.False(File.Exists(file));
            Assert.True(File.Exists(finished));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Output_writes_leave_no_temporary_sibling_tracked()
    {
        var root = Directory.CreateTempSubdirectory("sl-temp-paths").FullName;
        try
        {
            var target = Path.Combine(root, "out.txt");
            OutputPath.WriteAllText(target, "hello");
            // The write is over: a forced exit now must not touch the finished output or its folder.
            TemporaryPaths.DeleteAll(under: root);
            Assert.Equal("hello", File.ReadAllText(target));
            Assert.Equal([target], Directory.GetFileSystemEntries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
