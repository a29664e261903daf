using System.Security.Cryptography;

namespace ScalingLab.Training.Files;

/// <summary>
/// A file's size and SHA-256, recorded when it is written and checked before it is trusted: a
/// dataset's token files, a checkpoint's weights and optimizer state. Hashing runs at disk speed
/// (a few milliseconds per megabyte), once per start.
/// </summary>
public sealed record FileDigest(long Bytes, string Sha256)
{
    public static FileDigest Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return new FileDigest(stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Why the file at <paramref name="path"/> is not the one recorded, or null when it is.</summary>
    public string? Mismatch(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) return $"{name} is missing";
        var length = new FileInfo(path).Length;
        if (length != Bytes) return $"{name} has {length:N0} bytes where {Bytes:N0} were written";
        return Of(path).Sha256 == Sha256 ? null : $"{name} does not match the SHA-256 recorded when it was written";
    }

    /// <summary>Whether the recorded values are well formed (a size and 64 hex digits).</summary>
    public bool WellFormed => Bytes >= 0 && Sha256 is { Length: 64 } h && h.All(char.IsAsciiHexDigitLower);
}
