using System.Text;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Tests.Hardware;

/// <summary>
/// Issue 13: a damaged --hardware-file is bad input, never an internal error or a hang. Random
/// truncations, byte flips and wrong types of a valid file (fixed seed, bounded count): each either
/// loads into a catalog whose figures are all positive, or fails with an InputException naming the file.
/// </summary>
public class HardwareFileFuzzTests
{
    private const string Valid = """
        {
          "accelerators": [
            { "name": "X1", "vendor": "Acme", "peakTflops": { "bf16": 500, "fp8": 1000 }, "memoryGB": 96, "tdpWatts": 600,
              "source": { "title": "Acme X1 datasheet", "url": "https://example.com/x1", "date": "2026-11" } }
          ],
          "instances": [
            { "name": "acme.8x", "provider": "Acme", "accelerator": "X1", "acceleratorCount": 8, "onDemandDollarsPerHour": 40,
              "region": "eu", "priceDate": "2026-11", "source": { "title": "Acme price list" } }
          ]
        }
        """;

    [Fact]
    public void The_valid_file_loads_and_overrides_the_catalog()
    {
        var c = HardwareCatalog.Load(Write(Encoding.UTF8.GetBytes(Valid)));
        Assert.Equal(500e12, c.Accelerator("X1").PeakFlopsPerSecond(Precision.Bf16));
        Assert.Equal(5, c.Instance("acme.8x").DollarsPerAcceleratorHour);
    }

    [Fact]
    public void Damaged_files_are_input_errors_or_load_sane_figures()
    {
        var rng = new Random(20261128);
        var bytes = Encoding.UTF8.GetBytes(Valid);
        for (var trial = 0; trial < 300; trial++)
        {
            var damaged = (trial % 3) switch
            {
                0 => bytes[..rng.Next(bytes.Length)],                                   // truncated
                1 => Flip(bytes, rng),                                                  // byte flips
                _ => Encoding.UTF8.GetBytes(WrongType(Valid, rng)),                     // a value of the wrong type
            };
            var path = Write(damaged);
            try
            {
                var catalog = HardwareCatalog.Load(path);
                foreach (var a in catalog.Accelerators)
                    Assert.All(a.PeakTflops.Values, v => Assert.True(v > 0 && double.IsFinite(v)));
                foreach (var i in catalog.Instances)
                    Assert.True(i.AcceleratorCount >= 1);
            }
            catch (InputException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.DoesNotContain("System", e.Message);
                Assert.Contains("hardware", e.Message);
            }
            finally { File.Delete(path); }
        }
    }

    private static byte[] Flip(byte[] bytes, Random rng)
    {
        var copy = (byte[])bytes.Clone();
        for (var k = 0; k < 1 + rng.Next(4); k++) copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
        return copy;
    }

    private static string WrongType(string json, Random rng)
    {
        string[] from = ["500", "\"X1\"", "8", "96", "40", "{ \"bf16\": 500, \"fp8\": 1000 }", "\"2026-11\""];
        string[] to = ["\"many\"", "null", "[]", "-1", "1e400", "{}", "true", "\"\""];
        return json.Replace(from[rng.Next(from.Length)], to[rng.Next(to.Length)]);
    }

    private static string Write(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hw-fuzz-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, content);
        return path;
    }
}
