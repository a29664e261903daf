using ScalingLab.Units;
using System.Buffers.Binary;

namespace ScalingLab.Fitting.Readers;

/// <summary>
/// The TFRecord framing of TensorBoard event files: each record is a little-endian uint64 length,
/// the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data. Both checksums
/// are verified; a mismatch or a record cut short is bad input naming the record and its offset,
/// never a silently shortened log.
/// </summary>
public static class TfRecordReader
{
    public static IEnumerable<byte[]> Records(byte[] file, string path, string field = "FILE")
    {
        var offset = 0;
        var index = 0;
        while (offset < file.Length)
        {
            index++;
            if (file.Length - offset < 12) throw Bad(path, field, index, offset, "the file ends inside a record header");
            var header = file.AsSpan(offset, 8);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8, 4)) != Crc32C.Masked(header))
                throw Bad(path, field, index, offset, "the length's checksum does not match (not a TFRecord file, or corrupt)");
            if (length > (ulong)(file.Length - offset - 16)) throw Bad(path, field, index, offset, $"the record claims {length} bytes but the file ends first");
            var data = file.AsSpan(offset + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length, 4)) != Crc32C.Masked(data))
                throw Bad(path, field, index, offset, "the data's checksum does not match (corrupt)");
            yield return data.ToArray();
            offset += 16 + (int)length;
        }
    }

    /// <summary>Frames <paramref name="data"/> as one TFRecord (what a writer appends to an event file).</summary>
    public static byte[] Frame(ReadOnlySpan<byte> data)
    {
        var record = new byte[16 + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32C.Masked(record.AsSpan(0, 8)));
        data.CopyTo(record.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + data.Length), Crc32C.Masked(data));
        return record;
    }

    private static InputException Bad(string path, string field, int index, int offset, string what) =>
        new(field, path, $"record {index} at byte {offset}: {what}; expected a TensorBoard event file");
}
