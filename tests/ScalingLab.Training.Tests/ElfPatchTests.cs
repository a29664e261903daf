namespace ScalingLab.Training.Tests;

/// <summary>The GLIBCXX_3.4.32 patch of libLibTorchSharp.so (build/ElfVersionPatch.cs, run by Directory.Build.targets).</summary>
public class ElfPatchTests
{
    private static string NuGetOriginal()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void Weakens_exactly_the_one_flag_and_is_idempotent()
    {
        var copy = Path.Combine(TestData.TempFolder("elf"), "libLibTorchSharp.so");
        File.Copy(NuGetOriginal(), copy);
        var before = File.ReadAllBytes(copy);
        var at = ElfVersionPatch.FindRequirementFlags(before, ElfVersionPatch.Version);
        Assert.True(at > 0, "TorchSharp 0.107 requires GLIBCXX_3.4.32 (docs/torchsharp.md)");
        Assert.False(ElfVersionPatch.IsWeak(copy));

        Assert.Equal(ElfVersionPatch.Outcome.Patched, ElfVersionPatch.Weaken(copy));
        var after = File.ReadAllBytes(copy);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Equal([(int)at], changed); // VER_FLG_WEAK (0x2) sits in the low byte of vna_flags
        Assert.Equal(before[at] | 0x2, after[at]);
        Assert.True(ElfVersionPatch.IsWeak(copy));

        Assert.Equal(ElfVersionPatch.Outcome.AlreadyWeak, ElfVersionPatch.Weaken(copy));
        Assert.Equal(after, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Other_requirements_and_non_elf_files_are_left_alone()
    {
        var copy = Path.Combine(TestData.TempFolder("elf"), "libLibTorchSharp.so");
        File.Copy(NuGetOriginal(), copy);
        // GLIBCXX_3.4.30 is a requirement too, but one Debian 12 satisfies; nothing asks for 9.9.
        Assert.Equal(ElfVersionPatch.Outcome.NotRequired, ElfVersionPatch.Weaken(copy, "GLIBCXX_9.9"));
        var text = Path.Combine(TestData.TempFolder("elf"), "notes.txt");
        File.WriteAllText(text, "not an ELF file");
        Assert.Equal(ElfVersionPatch.Outcome.NotElf64, ElfVersionPatch.Weaken(text));
    }

    [Fact]
    public void Build_output_copy_is_patched_exactly_when_the_system_needs_it()
    {
        var copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(copy), copy);
        var systemHasIt = ElfVersionPatch.SystemLibstdcxxHas();
        Assert.Equal(systemHasIt != true, ElfVersionPatch.IsWeak(copy));
    }
}
