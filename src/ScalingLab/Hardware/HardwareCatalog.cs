using System.Text.Json;
using System.Text.Json.Serialization;
using ScalingLab.Units;

namespace ScalingLab.Hardware;

/// <summary>
/// Accelerators and cloud instances: the embedded Data/accelerators.json and Data/instances.json,
/// optionally overridden by a user file ({"accelerators": [...], "instances": [...]}, same schema):
/// an entry with the same name replaces the embedded one, a new name is added.
/// </summary>
public sealed class HardwareCatalog
{
    private static readonly Lazy<HardwareCatalog> EmbeddedCatalog = new(() =>
        Build(Read<List<AcceleratorEntry>>("accelerators.json"), Read<List<InstanceEntry>>("instances.json"), "embedded catalog"));

    public IReadOnlyList<Accelerator> Accelerators { get; }
    public IReadOnlyList<CloudInstance> Instances { get; }

    private HardwareCatalog(IReadOnlyList<Accelerator> accelerators, IReadOnlyList<CloudInstance> instances)
    {
        Accelerators = accelerators;
        Instances = instances;
    }

    public static HardwareCatalog Embedded => EmbeddedCatalog.Value;

    /// <summary>The embedded catalog, or the embedded catalog overridden by a user file.</summary>
    public static HardwareCatalog Load(string? userFile, string field = "hardwareFile")
    {
        if (userFile is null) return Embedded;
        var user = Serialization.JsonFile.Read<UserFile>(userFile, field, "a hardware");
        if (user.Accelerators is null && user.Instances is null)
            throw new InputException(field, userFile, "expected a JSON object with \"accelerators\" and/or \"instances\" arrays");
        RequireUnique(user.Accelerators?.Select(a => a.Name), field, userFile, "accelerator");
        RequireUnique(user.Instances?.Select(i => i.Name), field, userFile, "instance");
        var baseAcc = Read<List<AcceleratorEntry>>("accelerators.json");
        var baseInst = Read<List<InstanceEntry>>("instances.json");
        // An override that gives no aliases keeps the embedded ones, so "H100" still finds the replaced H100-SXM.
        var accelerators = user.Accelerators?.Select(u => u.Aliases is not null ? u
            : u with { Aliases = baseAcc.FirstOrDefault(b => string.Equals(b.Name, u.Name, StringComparison.OrdinalIgnoreCase))?.Aliases }).ToList();
        return Build(Merge(baseAcc, accelerators, a => a.Name), Merge(baseInst, user.Instances, i => i.Name), $"{field} {userFile}");
    }

    public Accelerator Accelerator(string name, string field = "accelerators")
    {
        var key = NameMatch.Normalise(name ?? "");
        var hit = Accelerators.FirstOrDefault(a => NameMatch.Normalise(a.Name) == key || a.Aliases.Any(x => NameMatch.Normalise(x) == key));
        if (hit is not null) return hit;
        var close = NameMatch.Closest(name ?? "", Accelerators.Select(a => (a.Name, (IEnumerable<string>)a.Aliases)));
        throw new InputException(field, name ?? "", "unknown accelerator; " +
            (close.Count > 0 ? "close matches: " + string.Join(", ", close) : "known: " + string.Join(", ", Accelerators.Select(a => a.Name))) +
            " (see `scalinglab hardware`)");
    }

    public CloudInstance Instance(string name, string field = "instance")
    {
        var hit = Instances.FirstOrDefault(i => string.Equals(i.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (hit is not null) return hit;
        var close = NameMatch.Closest(name ?? "", Instances.Select(i => (i.Name, Enumerable.Empty<string>())));
        throw new InputException(field, name ?? "", "unknown instance; " +
            (close.Count > 0 ? "close matches: " + string.Join(", ", close) : "known: " + string.Join(", ", Instances.Select(i => i.Name))) +
            " (see `scalinglab hardware`)");
    }

    // Two entries of one name in a file: which one a plan would use is a guess, so neither is.
    private static void RequireUnique(IEnumerable<string?>? names, string field, string file, string what)
    {
        var twice = names?.Where(n => n is not null).GroupBy(n => n!.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InputException(field, file, $"names the {what} \"{twice.Key}\" {twice.Count()} times; expected each name once");
    }

    // Upper bounds no real device comes near (an H100 is about 1,000 dense TFLOP/s, 80 GB, 3,350 GB/s,
    // 700 W; 8 accelerators at about $100 an hour): a figure beyond them is a typo, not hardware.
    internal const double MaxPeakTflops = 1e6, MaxMemoryGB = 1e6, MaxBandwidthGBs = 1e8, MaxTdpWatts = 1e6, MaxDollarsPerHour = 1e6;
    internal const int MaxAcceleratorsPerInstance = 100_000;

    private static List<T> Merge<T>(List<T> embedded, List<T>? user, Func<T, string?> name)
    {
        if (user is null) return embedded;
        var result = embedded.Where(e => !user.Any(u => string.Equals(name(u), name(e), StringComparison.OrdinalIgnoreCase))).ToList();
        result.AddRange(user);
        return result;
    }

    private static HardwareCatalog Build(List<AcceleratorEntry> accs, List<InstanceEntry> insts, string where)
    {
        var accelerators = accs.Select(a => a.ToAccelerator(where)).ToList();
        var partial = new HardwareCatalog(accelerators, []);
        var instances = insts.Select(i => i.ToInstance(partial, where)).ToList();
        return new HardwareCatalog(accelerators, instances);
    }

    private static T Read<T>(string file) => Data.EmbeddedJson.Load<T>(file, Serialization.ScalingLabJson.Options);

    // The JSON schema of the data files; converted to the immutable records above after checks.
    private sealed record UserFile(List<AcceleratorEntry>? Accelerators, List<InstanceEntry>? Instances);

    private sealed record SourceEntry(string? Title, string? Url, string? Date);

    private sealed record AcceleratorEntry(
        string? Name, List<string>? Aliases, string? Vendor, Dictionary<string, double>? PeakTflops,
        double? MemoryGB, double? BandwidthGBs, double? TdpWatts, SourceEntry? Source, string? Notes, bool Describable = false)
    {
        public Accelerator ToAccelerator(string where)
        {
            if (string.IsNullOrWhiteSpace(Name)) throw new InputException(where, "(accelerator without a name)", "every accelerator needs a \"name\"");
            if (string.IsNullOrWhiteSpace(Source?.Title))
                throw new InputException(where, Name, "every accelerator needs a \"source\" with a \"title\" (and a \"date\")");
            var peaks = new Dictionary<Precision, double>();
            foreach (var (k, v) in PeakTflops ?? [])
            {
                var p = Precisions.Parse(k, $"{where}: {Name} peakTflops");
                if (!(v > 0 && v <= MaxPeakTflops)) throw new InputException($"{where}: {Name} peakTflops.{k}", v.ToString(System.Globalization.CultureInfo.InvariantCulture), $"expected a positive dense TFLOP/s figure of at most {MaxPeakTflops:0e0}");
                peaks[p] = v;
            }
            if (!Describable && !peaks.ContainsKey(Precision.Bf16))
                throw new InputException(where, Name, "every accelerator needs a dense \"bf16\" figure in \"peakTflops\"");
            foreach (var (label, v, max) in new[] { ("memoryGB", MemoryGB, MaxMemoryGB), ("bandwidthGBs", BandwidthGBs, MaxBandwidthGBs), ("tdpWatts", TdpWatts, MaxTdpWatts) })
                if (v is { } x && !(x > 0 && x <= max))
                    throw new InputException($"{where}: {Name} {label}", x.ToString(System.Globalization.CultureInfo.InvariantCulture), $"expected a positive number of at most {max:0e0}, or null (unknown)");
            return new Accelerator(Name, Aliases ?? [], Vendor ?? "", peaks, MemoryGB, BandwidthGBs, TdpWatts,
                new HardwareSource(Source.Title!, Source.Url, Source.Date), Notes, Describable);
        }
    }

    private sealed record InstanceEntry(
        string? Name, string? Provider, string? Accelerator, int AcceleratorCount, double? OnDemandDollarsPerHour,
        string? Region, string? PriceDate, SourceEntry? Source)
    {
        public CloudInstance ToInstance(HardwareCatalog accelerators, string where)
        {
            if (string.IsNullOrWhiteSpace(Name)) throw new InputException(where, "(instance without a name)", "every instance needs a \"name\"");
            if (string.IsNullOrWhiteSpace(Source?.Title)) throw new InputException(where, Name, "every instance needs a \"source\" with a \"title\"");
            if (AcceleratorCount is < 1 or > MaxAcceleratorsPerInstance) throw new InputException($"{where}: {Name} acceleratorCount", AcceleratorCount.ToString(), $"expected an integer from 1 to {MaxAcceleratorsPerInstance:N0}");
            if (OnDemandDollarsPerHour is { } p && !(p > 0 && p <= MaxDollarsPerHour))
                throw new InputException($"{where}: {Name} onDemandDollarsPerHour", p.ToString(System.Globalization.CultureInfo.InvariantCulture), $"expected a positive price of at most {MaxDollarsPerHour:0e0} or null (unknown)");
            if (OnDemandDollarsPerHour is not null && string.IsNullOrWhiteSpace(PriceDate))
                throw new InputException(where, Name, "a price needs a \"priceDate\": prices move");
            return new CloudInstance(Name, Provider ?? "", accelerators.Accelerator(Accelerator ?? "", $"{where}: {Name} accelerator"),
                AcceleratorCount, OnDemandDollarsPerHour, Region ?? "", PriceDate, new HardwareSource(Source.Title!, Source.Url, Source.Date));
        }
    }
}
