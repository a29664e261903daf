// Marks one symbol-version requirement of an ELF shared library as weak.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so is linked against GCC 13's libstdc++ and asks
// for the version GLIBCXX_3.4.32, for one symbol only (std::ios_base_library_init, which GCC 13
// headers reference and nothing calls at run time). Debian 12 and Ubuntu 22.04 ship GCC 12's
// libstdc++ (up to GLIBCXX_3.4.30), so the dynamic loader refuses the whole library. Setting
// VER_FLG_WEAK on that one requirement (a two-byte flag in .gnu.version_r) makes the loader
// accept an older libstdc++; LibTorch itself needs nothing newer (measured: docs/torchsharp.md).
// On machines whose libstdc++ already defines the version nothing is
// changed, and a second run changes nothing either.
//
// Compiled twice from this one file: as an MSBuild inline task (Directory.Build.targets) that
// patches the copy in each build output, and into the Training tests (ELF_PATCH_NO_TASK).
using System;
using System.IO;
using System.Text;

public static class ElfVersionPatch
{
    public const string Version = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe; // SHT_GNU_verneed (.gnu.version_r)
    private const ushort VerFlgWeak = 0x2;         // VER_FLG_WEAK in Vernaux.vna_flags

    public enum Outcome { Patched, AlreadyWeak, NotRequired, NotElf64 }

    /// <summary>The byte offset of vna_flags of the requirement named <paramref name="version"/>, or -1.</summary>
    public static long FindRequirementFlags(byte[] elf, string version)
    {
        // ELF64 little-endian only: "\x7fELF", EI_CLASS = 2, EI_DATA = 1.
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
            return -2;
        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            var offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            var link = BitConverter.ToUInt32(elf, (int)sh + 0x28);   // index of the string table (.dynstr)
            var count = BitConverter.ToUInt32(elf, (int)sh + 0x2C);  // number of Verneed records
            var strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * shentsize) + 0x18);
            var need = offset;
            for (var n = 0; n < count; n++)
            {
                // Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                int cnt = BitConverter.ToUInt16(elf, (int)need + 2);
                var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (var a = 0; a < cnt; a++)
                {
                    // Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    var name = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == version) return aux + 4;
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                var next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return -1;
    }

    /// <summary>Sets VER_FLG_WEAK on the requirement in the file; idempotent.</summary>
    public static Outcome Weaken(string path, string version = Version)
    {
        var elf = File.ReadAllBytes(path);
        var at = FindRequirementFlags(elf, version);
        if (at == -2) return Outcome.NotElf64;
        if (at < 0) return Outcome.NotRequired;
        var flags = BitConverter.ToUInt16(elf, (int)at);
        if ((flags & VerFlgWeak) != 0) return Outcome.AlreadyWeak;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.Position = at;
            f.Write(BitConverter.GetBytes((ushort)(flags | VerFlgWeak)), 0, 2);
        }
        return Outcome.Patched;
    }

    public static bool IsWeak(string path, string version = Version)
    {
        var elf = File.ReadAllBytes(path);
        var at = FindRequirementFlags(elf, version);
        return at >= 0 && (BitConverter.ToUInt16(elf, (int)at) & VerFlgWeak) != 0;
    }

    /// <summary>
    /// Whether the system's libstdc++ defines <paramref name="version"/> (its .dynstr holds the
    /// version names it provides). Null when no libstdc++ is found in the usual places.
    /// </summary>
    public static bool? SystemLibstdcxxHas(string version = Version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        foreach (var c in candidates)
        {
            if (!File.Exists(c)) continue;
            var bytes = File.ReadAllBytes(c);
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            return IndexOf(bytes, needle) >= 0;
        }
        return null;
    }

    private static string ReadString(byte[] b, long at)
    {
        var end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
    }

    private static int IndexOf(byte[] hay, byte[] needle)
    {
        for (var i = 0; i <= hay.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}

#if !ELF_PATCH_NO_TASK
/// <summary>MSBuild task: weakens the GLIBCXX_3.4.32 requirement of each file unless the system libstdc++ has it.</summary>
public class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    public override bool Execute()
    {
        if (ElfVersionPatch.SystemLibstdcxxHas() == true)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                "libstdc++ provides " + ElfVersionPatch.Version + ": libLibTorchSharp.so left as it is.");
            return true;
        }
        foreach (var item in Files)
        {
            var outcome = ElfVersionPatch.Weaken(item.ItemSpec);
            Log.LogMessage(outcome == ElfVersionPatch.Outcome.Patched
                    ? Microsoft.Build.Framework.MessageImportance.Normal
                    : Microsoft.Build.Framework.MessageImportance.Low,
                item.ItemSpec + ": " + ElfVersionPatch.Version + " requirement " + outcome);
        }
        return true;
    }
}
#endif
