using System.Text;
using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Fitting;

/// <summary>
/// Damaged inputs (issue 13): the run-table reader and the law-file reader, fed seeded random
/// truncations, byte flips, inserted bytes and cells of the wrong type, either read the file or
/// refuse it with an <see cref="InputException"/> (one line), never another exception and never a hang.
/// </summary>
public class ReaderFuzzTests
{
    private const int Cases = 300;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    private static readonly string[] WrongTypes = ["abc", "true", "[]", "{}", "null", "\"\"", "-1", "0", "1e400", "NaN", "\"x\"", ",", "\"", "\t", "\u00ff\u00fe", "\0"];

    private static byte[] Mutate(byte[] original, Random rng)
    {
        var b = original.ToList();
        switch (rng.Next(5))
        {
            case 0: return original[..rng.Next(original.Length + 1)];   // truncated anywhere, as a crash mid-write leaves it
            case 1: for (var i = 0; i < 1 + rng.Next(8); i++) b[rng.Next(b.Count)] ^= (byte)(1 << rng.Next(8)); break;
            case 2: for (var i = 0; i < 1 + rng.Next(4); i++) b.Insert(rng.Next(b.Count), (byte)rng.Next(256)); break;
            case 3:
            {
                // A token (a number, a key, a cell) replaced by a value of the wrong type.
                var text = Encoding.UTF8.GetString(original);
                var at = rng.Next(text.Length);
                var end = at;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '.' or '-' or '+')) end++;
                return Encoding.UTF8.GetBytes(text[..at] + WrongTypes[rng.Next(WrongTypes.Length)] + text[end..]);
            }
            default: b.RemoveRange(rng.Next(b.Count), 1); break;
        }
        return b.ToArray();
    }

    private static void Check(string what, int seed, Action read)
    {
        var task = Task.Run(() =>
        {
            try { read(); }
            catch (InputException e) { Assert.DoesNotContain('\n', e.Message); }
        });
        try
        {
            Assert.True(task.Wait(PerCase), $"{what} case {seed} did not finish within {PerCase.TotalSeconds} s");
        }
        catch (AggregateException e)
        {
            Assert.Fail($"{what} case {seed}: {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
        }
    }

    [Fact]
    public void RunTablesDamagedAtRandomAreReadOrRefused()
    {
        var dir = Directory.CreateTempSubdirectory("fuzz-runs-");
        try
        {
            var csv = File.ReadAllBytes(RepoData.Fig4Path).Take(4000).ToArray();
            var jsonl = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 20).Select(i =>
                $"{{\"run\": \"r{i % 4}\", \"step\": {i}, \"n\": {1e8 * (1 + i % 4)}, \"tokens\": {2e9 * (1 + i)}, \"loss\": {3.0 - 0.01 * i}}}")));
            var rng = new Random(13);
            for (var k = 0; k < Cases; k++)
            {
                var (bytes, ext) = k % 3 == 2 ? (jsonl, ".jsonl") : (csv, k % 3 == 1 ? ".tsv" : ".csv");
                if (ext == ".tsv") bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(',', '\t'));
                var path = Path.Combine(dir.FullName, $"case{k}{ext}");
                File.WriteAllBytes(path, Mutate(bytes, rng));
                Check("run table", k, () =>
                {
                    var t = RunTableReader.Read(path);
                    Assert.All(t.Points, p => Assert.True(p.Parameters.Value > 0 && p.Loss.Value > 0 && double.IsFinite(p.Tokens.Value) && double.IsFinite(p.Flops.Value)));
                    if (t.Points.Count >= 20) IsoFlopFit.Fit(t.Points);
                });
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void LawFilesDamagedAtRandomAreLoadedOrRefused()
    {
        var dir = Directory.CreateTempSubdirectory("fuzz-laws-");
        try
        {
            var def = LawCatalog.Presets.First(p => p.Name == "besiroglu2024") with { Intervals = new() { ["alpha"] = [0.317, 0.373] }, Samples = [[1.8, 480, 2100, 0.35, 0.36]] };
            var law = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(def, Serialization.ScalingLabJson.Options));
            var rng = new Random(11);
            for (var k = 0; k < Cases; k++)
            {
                var path = Path.Combine(dir.FullName, $"law{k}.json");
                File.WriteAllBytes(path, Mutate(law, rng));
                Check("law file", k, () =>
                {
                    var loaded = LawCatalog.Load(path);
                    if (loaded is ChinchillaLaw c) Assert.Null(LawChecks.Problem(c));
                });
            }
        }
        finally { dir.Delete(recursive: true); }
    }
}
