using System.Globalization;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// A CPU the user describes inline, since CPUs vary too much for a catalog entry to be right:
/// "cpu:cores=64,ghz=2.4,flops-per-cycle=32,memory-gb=512,watts=360". Peak = cores x GHz x FLOPs
/// per cycle per core (e.g. 32 for two 256-bit FMA units in FP32, 64 for two 512-bit ones), used
/// for every precision, since the user states the rate at the precision they train in.
/// </summary>
public static class CpuDescription
{
    private const string Allowed = "cpu:cores=N,ghz=X,flops-per-cycle=F[,memory-gb=M][,watts=W] with positive numbers";

    public static bool IsDescription(string name) => name.StartsWith("cpu:", StringComparison.OrdinalIgnoreCase);

    public static Accelerator Parse(string text, string field = "accelerators")
    {
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text[4..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || kv[0] is not ("cores" or "ghz" or "flops-per-cycle" or "memory-gb" or "watts")
                || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v))
                throw new InputException(field, text, "expected " + Allowed);
            values[kv[0]] = v;
        }
        foreach (var required in new[] { "cores", "ghz", "flops-per-cycle" })
            if (!values.ContainsKey(required)) throw new InputException(field, text, $"'{required}' is missing; expected " + Allowed);
        var tflops = values["cores"] * values["ghz"] * 1e9 * values["flops-per-cycle"] / 1e12;
        var peaks = Precisions.All.ToDictionary(p => p, _ => tflops);
        return new Accelerator(text, [], "user-described CPU", peaks,
            values.TryGetValue("memory-gb", out var m) ? m : null, null,
            values.TryGetValue("watts", out var w) ? w : null,
            new HardwareSource("user description: peak = cores x GHz x FLOPs per cycle"),
            $"{values["cores"]:0} cores x {values["ghz"]} GHz x {values["flops-per-cycle"]} FLOPs/cycle");
    }
}
