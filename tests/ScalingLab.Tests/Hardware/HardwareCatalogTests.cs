using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Tests.Hardware;

public class HardwareCatalogTests
{
    private static readonly HardwareCatalog Catalog = HardwareCatalog.Embedded;

    // docs/scaling-laws.md Sec. 9 table: dense BF16 TFLOP/s (no sparsity).
    [Theory]
    [InlineData("A100-40GB", 312, 40)]
    [InlineData("A100-80GB", 312, 80)]
    [InlineData("H100", 989, 80)]
    [InlineData("H200", 989, 141)]
    [InlineData("B200", 2250, 180)]
    [InlineData("TPU-v4", 275, 34.36)]
    [InlineData("v5e", 197, 16)]
    [InlineData("TPU v5p", 459, 95)]
    [InlineData("Trainium1", 190, 34.36)]
    [InlineData("Trainium2", 667, 103.08)]
    public void Dense_bf16_peaks_and_memory_match_reference_section_9(string name, double tflops, double memoryGb)
    {
        var a = Catalog.Accelerator(name);
        Assert.Equal(tflops * 1e12, a.PeakFlopsPerSecond(Precision.Bf16));
        Assert.Equal(memoryGb, a.MemoryGB!.Value, 2);
    }

    [Fact]
    public void No_sparse_figure_is_stored_as_dense()
    {
        // docs/scaling-laws.md Sec. 9 pitfall: H100 "1,979" and B200 "4.5 PF" are sparse BF16.
        Assert.NotEqual(1979, Catalog.Accelerator("H100-SXM").PeakTflops[Precision.Bf16]);
        Assert.NotEqual(4500, Catalog.Accelerator("B200").PeakTflops[Precision.Bf16]);
        // Dense FP8 is twice dense BF16 on NVIDIA Hopper/Blackwell, never four times.
        foreach (var n in new[] { "H100-SXM", "H100-PCIe", "H200", "B200" })
        {
            var p = Catalog.Accelerator(n).PeakTflops;
            Assert.Equal(2.0, p[Precision.Fp8] / p[Precision.Bf16], 2);
        }
    }

    [Fact]
    public void Every_entry_has_a_source_and_every_price_a_date()
    {
        var required = new[] { "A100-40GB", "A100-80GB", "H100-SXM", "H100-PCIe", "H200", "B200", "MI300X", "TPU-v4", "TPU-v5e", "TPU-v5p", "Trainium1", "Trainium2", "cpu" };
        Assert.All(required, n => Assert.Contains(Catalog.Accelerators, a => a.Name == n));
        Assert.All(Catalog.Accelerators, a => Assert.False(string.IsNullOrWhiteSpace(a.Source.Title)));
        Assert.All(Catalog.Accelerators.Where(a => !a.Describable), a => Assert.NotNull(a.Source.Date));
        Assert.All(Catalog.Instances, i => Assert.False(string.IsNullOrWhiteSpace(i.Source.Title)));
        Assert.All(Catalog.Instances.Where(i => i.OnDemandDollarsPerHour is not null), i => Assert.NotNull(i.PriceDate));
    }

    // docs/scaling-laws.md Sec. 9: accelerator counts and the Nov 2026 on-demand prices it gives.
    [Theory]
    [InlineData("p4d.24xlarge", "A100-40GB", 8, 21.96)]
    [InlineData("p4de.24xlarge", "A100-80GB", 8, 27.45)]
    [InlineData("p5.48xlarge", "H100-SXM", 8, 55.04)]
    [InlineData("p5e.48xlarge", "H200", 8, null)]
    [InlineData("trn1.32xlarge", "Trainium1", 16, 21.50)]
    [InlineData("trn2.48xlarge", "Trainium2", 16, null)]
    public void Instances_match_reference_section_9(string name, string accelerator, int count, double? price)
    {
        var i = Catalog.Instance(name);
        Assert.Equal(accelerator, i.Accelerator.Name);
        Assert.Equal(count, i.AcceleratorCount);
        Assert.Equal(price, i.OnDemandDollarsPerHour);
    }

    [Fact]
    public void Unknown_names_list_close_matches()
    {
        var e = Assert.Throws<InputException>(() => Catalog.Accelerator("H1000"));
        Assert.Contains("close matches: H100-SXM", e.Message);
        // "A100" is ambiguous between the two memory sizes: both are suggested, neither guessed.
        var a = Assert.Throws<InputException>(() => Catalog.Accelerator("A100"));
        Assert.Contains("A100-40GB", a.Message);
        Assert.Contains("A100-80GB", a.Message);
        var far = Assert.Throws<InputException>(() => Catalog.Accelerator("quantum-annealer"));
        Assert.Contains("known: A100-40GB", far.Message);
        var inst = Assert.Throws<InputException>(() => Catalog.Instance("p5.48xlarg"));
        Assert.Contains("p5.48xlarge", inst.Message);
    }

    [Fact]
    public void Edit_distance_counts_single_edits()
    {
        Assert.Equal(0, NameMatch.Distance("h100", "h100"));
        Assert.Equal(1, NameMatch.Distance("h1000", "h100"));
        Assert.Equal(3, NameMatch.Distance("kitten", "sitting"));
    }

    [Fact]
    public void A_user_file_overrides_and_adds_entries()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            {
              "accelerators": [
                { "name": "H100-SXM", "peakTflops": { "bf16": 900 }, "memoryGB": 80, "tdpWatts": 700,
                  "source": { "title": "our measured peak", "date": "2026-11-27" } },
                { "name": "MyChip", "peakTflops": { "bf16": 123 }, "memoryGB": 48, "source": { "title": "vendor sheet", "date": "2026-10" } }
              ],
              "instances": [
                { "name": "p5e.48xlarge", "provider": "AWS", "accelerator": "H200", "acceleratorCount": 8,
                  "onDemandDollarsPerHour": 80, "region": "us-east-1", "priceDate": "2026-11-27", "source": { "title": "our quote" } }
              ]
            }
            """);
        try
        {
            var c = HardwareCatalog.Load(path);
            Assert.Equal(900e12, c.Accelerator("H100").PeakFlopsPerSecond(Precision.Bf16));
            Assert.Equal(123e12, c.Accelerator("mychip").PeakFlopsPerSecond(Precision.Bf16));
            Assert.Equal(10, c.Instance("p5e.48xlarge").DollarsPerAcceleratorHour);
            Assert.Equal(Catalog.Accelerators.Count + 1, c.Accelerators.Count);
            // The instance that referred to the overridden chip now uses the override.
            Assert.Equal(900, c.Instance("p5.48xlarge").Accelerator.PeakTflops[Precision.Bf16]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_user_entry_without_source_or_with_a_bad_peak_is_rejected()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "accelerators": [ { "name": "X", "peakTflops": { "bf16": 1 } } ] }""");
            Assert.Contains("source", Assert.Throws<InputException>(() => HardwareCatalog.Load(path)).Message);
            File.WriteAllText(path, """{ "accelerators": [ { "name": "X", "peakTflops": { "bf16": -1 }, "source": { "title": "t" } } ] }""");
            Assert.Contains("positive dense", Assert.Throws<InputException>(() => HardwareCatalog.Load(path)).Message);
            File.WriteAllText(path, "not json");
            Assert.Throws<InputException>(() => HardwareCatalog.Load(path));
        }
        finally { File.Delete(path); }
        Assert.Throws<InputException>(() => HardwareCatalog.Load("/no/such/file.json"));
    }
}
