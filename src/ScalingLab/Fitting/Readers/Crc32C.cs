using ScalingLab.Units;
namespace ScalingLab.Fitting.Readers;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), and TFRecord's masked form of it:
/// rotate right by 15 bits and add 0xa282ead8, so a CRC stored inside data that is itself
/// checksummed does not cancel out.
/// </summary>
public static class Crc32C
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(i =>
    {
        var c = (uint)i;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
