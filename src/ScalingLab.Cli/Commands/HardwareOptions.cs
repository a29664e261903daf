using System.CommandLine;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// The hardware options `plan` takes (--gpus, --days/--hours, --dollars with --instance or
/// --price-per-gpu-hour, --mfu, --pue, --precision, --hardware-file) and their resolution into a
/// <see cref="HardwareRequest"/>; null when none is given.
/// </summary>
public sealed class HardwareOptions
{
    public Option<string> Gpus { get; } = new("--gpus") { Description = "Cluster as COUNTxNAME: 256xH100, 8xA100-80GB (see `scalinglab hardware`); a bare count with --instance.", HelpName = "NxNAME" };
    public Option<string> Days { get; } = new("--days") { Description = "Training time in days (with --gpus): the budget becomes GPUs x days x MFU x dense peak.", HelpName = "DAYS" };
    public Option<string> Hours { get; } = new("--hours") { Description = "Training time in hours (instead of --days).", HelpName = "HOURS" };
    public Option<string> Money { get; } = new("--dollars") { Description = "Money budget: $1.2M, 250K; with a price it becomes accelerator-hours, then FLOPs.", HelpName = "DOLLARS" };
    public Option<string> Instance { get; } = new("--instance") { Description = "Cloud instance whose on-demand price (and accelerator) to use: p5.48xlarge.", HelpName = "NAME" };
    public Option<string> Price { get; } = new("--price-per-gpu-hour") { Description = "Price of one accelerator for one hour in dollars (overrides --instance's price).", HelpName = "DOLLARS" };
    public Option<string> Mfu { get; } = new("--mfu") { Description = $"Model FLOPs utilisation, 0-1, or a published figure's name. Default: {UtilisationCatalog.DefaultMfu.Value} ({UtilisationCatalog.Mfu.First(e => e.Default).Name}).", HelpName = "MFU" };
    public Option<string> Pue { get; } = new("--pue") { Description = $"Data-centre power usage effectiveness for energy. Default: {UtilisationCatalog.DefaultPue.Value} ({UtilisationCatalog.Pue.First(e => e.Default).Name}).", HelpName = "PUE" };
    public Option<string> Precision { get; } = new("--precision") { Description = "Precision whose dense peak to use: " + string.Join(", ", Precisions.All.Select(p => p.Key())) + ". Default: bf16.", HelpName = "P" };
    public Option<string> HardwareFile { get; } = HardwareFileOption();

    public IEnumerable<Option> All => [Gpus, Days, Hours, Money, Instance, Price, Mfu, Pue, Precision, HardwareFile];

    /// <summary>The --hardware-file option, shared by every verb that reads the catalog.</summary>
    public static Option<string> HardwareFileOption() => new("--hardware-file")
    {
        Description = "JSON file overriding or adding catalog entries: {\"accelerators\": [...], \"instances\": [...]} with the fields of src/ScalingLab/Data/accelerators.json and instances.json (name, peakTflops {bf16, ...} dense, memoryGB, tdpWatts, source {title, url, date}; acceleratorCount, onDemandDollarsPerHour, priceDate).",
        HelpName = "FILE",
    };

    public static HardwareCatalog Catalog(ParseResult p, Option<string> file) =>
        HardwareCatalog.Load(p.GetResult(file) is null ? null : p.GetValue(file), file.Name);

    public HardwareRequest? Resolve(ParseResult p)
    {
        bool Given(Option<string> o) => p.GetResult(o) is not null;
        if (!new[] { Gpus, Days, Hours, Money, Instance, Price }.Any(Given))
        {
            foreach (var o in new[] { Mfu, Pue, Precision })
                if (Given(o)) throw new InputException(o.Name, p.GetValue(o) ?? "", "it needs hardware: --gpus, --instance or --price-per-gpu-hour");
            return null;
        }
        var catalog = Catalog(p, HardwareFile);
        var instance = Given(Instance) ? catalog.Instance(p.GetValue(Instance)!, Instance.Name) : null;
        Cluster? cluster = Given(Gpus) ? Cluster.Parse(p.GetValue(Gpus)!, catalog, instance?.Accelerator, Gpus.Name) : null;
        if (cluster is not null && instance is not null && cluster.Accelerator.Name != instance.Accelerator.Name)
            throw new InputException(Gpus.Name, p.GetValue(Gpus)!, $"{instance.Name} has {instance.Accelerator.Name}; give --gpus {cluster.Count}x{instance.Accelerator.Name} or a bare count");
        var accelerator = cluster?.Accelerator ?? instance?.Accelerator
            ?? throw new InputException(Gpus.Name, "(missing)", "say which accelerator: --gpus 256xH100 or --instance p5.48xlarge");

        if (Given(Days) && Given(Hours)) throw new InputException(Hours.Name, p.GetValue(Hours)!, "give --days or --hours, not both");
        Seconds? duration = Given(Days) ? AsDuration(p.GetValue(Days)!, "d", Days) : Given(Hours) ? AsDuration(p.GetValue(Hours)!, "h", Hours) : null;

        AcceleratorPrice? price = null;
        if (Given(Price))
            price = new AcceleratorPrice(QuantityParser.Dollars(p.GetValue(Price)!, Price.Name), "given by the user (--price-per-gpu-hour)");
        else if (instance is not null)
        {
            if (instance.DollarsPerAcceleratorHour is { } perGpu)
                price = new AcceleratorPrice(new Dollars(perGpu),
                    $"{instance.Name} on-demand ${instance.OnDemandDollarsPerHour:0.##}/h for {instance.AcceleratorCount} accelerators ({instance.Region}, {instance.PriceDate}; {instance.Source.Title})");
            else if (Given(Money))
                throw new InputException(Instance.Name, instance.Name, "its on-demand price is unknown in the catalog; give --price-per-gpu-hour or a --hardware-file entry");
        }

        return new HardwareRequest(accelerator, cluster?.Count,
            Given(Mfu) ? UtilisationCatalog.ParseMfu(p.GetValue(Mfu)!, Mfu.Name) : UtilisationCatalog.DefaultMfu,
            Given(Pue) ? UtilisationCatalog.ParsePue(p.GetValue(Pue)!, Pue.Name) : UtilisationCatalog.DefaultPue,
            duration,
            Given(Money) ? QuantityParser.Dollars(p.GetValue(Money)!, Money.Name) : null,
            price,
            Given(Precision) ? Precisions.Parse(p.GetValue(Precision)!, Precision.Name) : Hardware.Precision.Bf16);
    }

    // A bare number after --days means days ("30"); with a unit it is read as written ("36h").
    private static Seconds AsDuration(string text, string unit, Option<string> option) =>
        QuantityParser.Duration(text.Trim().Length > 0 && text.Trim().All(c => char.IsAsciiDigit(c) || c == '.') ? text.Trim() + unit : text, option.Name);
}
