using System.IO.MemoryMappedFiles;

namespace ScalingLab.Training.Corpus;

/// <summary>A memory-mapped file of little-endian unsigned token ids (1, 2 or 4 bytes each).</summary>
public sealed class TokenFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _width;

    public long Count { get; }

    public TokenFile(string path, int tokenBytes)
    {
        if (tokenBytes is not (1 or 2 or 4)) throw new ArgumentOutOfRangeException(nameof(tokenBytes));
        _width = tokenBytes;
        var length = new FileInfo(path).Length;
        Count = length / tokenBytes;
        // An empty file cannot be mapped; a zero-length view stands in for it.
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, Math.Max(length, 1), MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
    }

    /// <summary>Copies <paramref name="dest"/>.Length ids starting at token <paramref name="start"/>.</summary>
    public void Read(long start, Span<long> dest)
    {
        if (start < 0 || start + dest.Length > Count) throw new ArgumentOutOfRangeException(nameof(start));
        var at = start * _width;
        if (_width == 1)
            for (var i = 0; i < dest.Length; i++) dest[i] = _view.ReadByte(at + i);
        else if (_width == 2)
            for (var i = 0; i < dest.Length; i++) dest[i] = _view.ReadUInt16(at + 2L * i);
        else
            for (var i = 0; i < dest.Length; i++) dest[i] = _view.ReadUInt32(at + 4L * i);
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }
}
