using System.CommandLine;
using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Cli.Commands;

/// <summary>
/// The hardware options `plan` takes (--gpus, --days/--hours, --dollars with --instance or
/// --price-per-gpu-hour, --mfu, --pue, --precision, --hardware-file) and their resolution into a
/// <see cref="HardwareRequest"/>; null when none is given. <see cref="ForInference"/> gives the
/// serving side's subset (--inference-gpus, --inference-instance, --inference-price-per-gpu-hour,
/// --inference-mfu, --inference-precision), resolved by the same code against the same catalog.
/// --gpus and --instance name catalog entries, which --hardware-file may add, so they are resolved
/// once the file is read; every other option is typed at parse time.
/// </summary>
public sealed class HardwareOptions
{
    private readonly bool serving;

    public Option<string> Gpus { get; }
    public Option<Seconds?> Days { get; } = Duration("--days", "d", "Training time in days (with --gpus): the budget becomes GPUs x days x MFU x dense peak.", "DAYS");
    public Option<Seconds?> Hours { get; } = Duration("--hours", "h", "Training time in hours (instead of --days).", "HOURS");
    public Option<Dollars?> Money { get; } = Options.Parsed<Dollars>("--dollars", "Money budget: $1.2M, 250K; with a price it becomes accelerator-hours, then FLOPs.", "DOLLARS", QuantityParser.Dollars);
    public Option<string> Instance { get; }
    public Option<Dollars?> Price { get; }
    public Option<SourcedFactor?> Mfu { get; }
    public Option<SourcedFactor?> Pue { get; } = Factor("--pue", $"Data-centre power usage effectiveness for energy. Default: {UtilisationCatalog.DefaultPue.Value} ({UtilisationCatalog.Pue.First(e => e.Default).Name}).", "PUE", UtilisationCatalog.ParsePue);
    public Option<Precision?> Precision { get; }
    public Option<string> HardwareFile { get; }

    public HardwareOptions() : this(false, HardwareFileOption()) { }

    private HardwareOptions(bool serving, Option<string> hardwareFile)
    {
        this.serving = serving;
        HardwareFile = hardwareFile;
        var prefix = serving ? "--inference-" : "--";
        Gpus = new(prefix + "gpus")
        {
            Description = serving
                ? "Inference accelerator type for the dollar objective (with --inference-tokens): H100, A100-80GB, or cpu:cores=..,ghz=..,flops-per-cycle=.. (see `scalinglab hardware`)."
                : "Cluster as COUNTxNAME: 256xH100, 8xA100-80GB (see `scalinglab hardware`); a bare count with --instance; a bare NAME (H100) to price FLOPs without a count.",
            HelpName = serving ? "NAME" : "NxNAME",
        };
        Instance = new(prefix + "instance") { Description = serving ? "Cloud instance whose on-demand price (and accelerator) inference runs on." : "Cloud instance whose on-demand price (and accelerator) to use: p5.48xlarge.", HelpName = "NAME" };
        Price = Options.Parsed<Dollars>(prefix + "price-per-gpu-hour", $"Price of one {(serving ? "inference " : "")}accelerator for one hour in dollars (overrides {prefix}instance's price).", "DOLLARS", QuantityParser.Dollars);
        Mfu = Factor(prefix + "mfu", serving
                ? "Inference model FLOPs utilisation, 0-1, or a published figure's name. Required with inference hardware: the catalog has no published serving figure, and decoding runs far below training MFU."
                : $"Model FLOPs utilisation, 0-1, or a published figure's name. Default: {UtilisationCatalog.DefaultMfu.Value} ({UtilisationCatalog.Mfu.First(e => e.Default).Name}).",
            "MFU", UtilisationCatalog.ParseMfu);
        Precision = Options.Parsed<Hardware.Precision>(prefix + "precision", "Precision whose dense peak to use: " + string.Join(", ", Precisions.All.Select(p => p.Key())) + ". Default: bf16.", "P", Precisions.Parse);
    }

    /// <summary>The inference hardware options, reading the same --hardware-file.</summary>
    public HardwareOptions ForInference() => new(true, HardwareFile);

    /// <summary>The options to add to a command; the inference set leaves out the clock, money, PUE and file (shared with training).</summary>
    public IEnumerable<Option> All => serving ? [Gpus, Instance, Price, Mfu, Precision] : [Gpus, Days, Hours, Money, Instance, Price, Mfu, Pue, Precision, HardwareFile];

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
        bool Given(Option o) => p.GetResult(o) is not null;
        if (!new Option[] { Gpus, Days, Hours, Money, Instance, Price }.Any(Given))
        {
            foreach (var o in new Option[] { Mfu, Pue, Precision })
                if (Given(o)) throw new InputException(o.Name, p.GetResult(o)!.Tokens.FirstOrDefault()?.Value ?? "", $"it needs hardware: {Gpus.Name}, {Instance.Name} or {Price.Name}");
            return null;
        }
        var catalog = Catalog(p, HardwareFile);
        var instance = Given(Instance) ? catalog.Instance(p.GetValue(Instance)!, Instance.Name) : null;
        var (count, named) = Given(Gpus) ? Cluster.ParseCountOptional(p.GetValue(Gpus)!, catalog, instance?.Accelerator, Gpus.Name) : (null, null);
        if (serving && count is not null)
            throw new InputException(Gpus.Name, p.GetValue(Gpus)!, "inference is priced per accelerator-hour, so give the type alone, such as H100");
        if (named is not null && instance is not null && named.Name != instance.Accelerator.Name)
            throw new InputException(Gpus.Name, p.GetValue(Gpus)!, $"{instance.Name} has {instance.Accelerator.Name}; give {Gpus.Name} " +
                (count is { } n ? $"{n}x{instance.Accelerator.Name} or a bare count" : instance.Accelerator.Name));
        var accelerator = named ?? instance?.Accelerator
            ?? throw new InputException(Gpus.Name, "(missing)", $"say which accelerator: {Gpus.Name} {(serving ? "H100" : "256xH100")} or {Instance.Name} p5.48xlarge");
        if (serving && !Given(Mfu))
            throw new InputException(Mfu.Name, "(missing)", "the catalog has no published inference utilisation (decoding runs far below training MFU); give a fraction such as 0.2");

        if (Given(Days) && Given(Hours)) throw new InputException(Hours.Name, p.GetResult(Hours)!.Tokens[0].Value, "give --days or --hours, not both");
        var duration = p.GetValue(Days) ?? p.GetValue(Hours);

        AcceleratorPrice? price = null;
        if (p.GetValue(Price) is { } perHour)
            price = new AcceleratorPrice(perHour, $"given by the user ({Price.Name})");
        else if (instance is not null)
        {
            if (instance.DollarsPerAcceleratorHour is { } perGpu)
                price = new AcceleratorPrice(new Dollars(perGpu),
                    $"{instance.Name} on-demand ${instance.OnDemandDollarsPerHour:0.##}/h for {instance.AcceleratorCount} accelerators ({instance.Region}, {instance.PriceDate}; {instance.Source.Title})");
            else if (Given(Money))
                throw new InputException(Instance.Name, instance.Name, $"its on-demand price is unknown in the catalog; give {Price.Name} or a --hardware-file entry");
        }

        return new HardwareRequest(accelerator, count,
            p.GetValue(Mfu) ?? UtilisationCatalog.DefaultMfu,
            p.GetValue(Pue) ?? UtilisationCatalog.DefaultPue,
            duration,
            p.GetValue(Money),
            price,
            p.GetValue(Precision) ?? Hardware.Precision.Bf16) { Instance = instance };
    }

    // A bare number after --days means days ("30"); with a unit it is read as written ("36h").
    private static Option<Seconds?> Duration(string name, string unit, string description, string helpName) =>
        Options.Parsed<Seconds>(name, description, helpName, (text, field) =>
            QuantityParser.Duration(text.Trim().Length > 0 && text.Trim().All(c => char.IsAsciiDigit(c) || c == '.') ? text.Trim() + unit : text, field));

    private static Option<SourcedFactor?> Factor(string name, string description, string helpName, Func<string, string, SourcedFactor> parse) =>
        new(name) { Description = description, HelpName = helpName, CustomParser = r => Options.ParseOrError(r, name, t => (SourcedFactor?)parse(t, name)) };
}
