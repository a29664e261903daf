using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Tests.Hardware;

public class ClusterTests
{
    private static readonly HardwareCatalog Catalog = HardwareCatalog.Embedded;

    [Theory]
    [InlineData("256xH100", 256, "H100-SXM")]
    [InlineData("256 x h100", 256, "H100-SXM")]
    [InlineData("8XA100-80GB", 8, "A100-80GB")]
    [InlineData("64×MI300X", 64, "MI300X")]
    [InlineData("1024xtpu-v5p", 1024, "TPU-v5p")]
    public void Parses_count_and_accelerator(string text, int count, string name)
    {
        var c = Cluster.Parse(text, Catalog);
        Assert.Equal(count, c.Count);
        Assert.Equal(name, c.Accelerator.Name);
    }

    [Theory]
    [InlineData("0xH100", "from 1 to")]
    [InlineData("H100", "COUNTxNAME")]
    [InlineData("256", "instance")]
    [InlineData("256xH1000", "close matches")]
    [InlineData("2.5xH100", "whole number")]
    [InlineData("99999999999xH100", "from 1 to")]
    [InlineData("4xcpu", "describe the CPU")]
    [InlineData("4xcpu:cores=64", "'ghz' is missing")]
    [InlineData("4xcpu:cores=64,ghz=-2,flops-per-cycle=32", "positive")]
    public void Bad_clusters_say_what_is_allowed(string text, string hint)
    {
        var e = Assert.Throws<InputException>(() => Cluster.Parse(text, Catalog));
        Assert.Equal("accelerators", e.Parameter);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void A_bare_count_takes_the_instance_accelerator()
    {
        var c = Cluster.Parse("64", Catalog, Catalog.Instance("p4de.24xlarge").Accelerator);
        Assert.Equal("A100-80GB", c.Accelerator.Name);
        Assert.Equal(64 * 312e12, c.PeakFlopsPerSecond(Precision.Bf16));
    }

    [Fact]
    public void A_described_cpu_has_peak_cores_times_clock_times_flops_per_cycle()
    {
        var c = Cluster.Parse("4xcpu:cores=64,ghz=2,flops-per-cycle=32,memory-gb=512,watts=360", Catalog);
        Assert.Equal(64 * 2e9 * 32, c.Accelerator.PeakFlopsPerSecond(Precision.Bf16));
        Assert.Equal(512e9, c.Accelerator.MemoryBytes);
        Assert.Equal(360, c.Accelerator.TdpWatts);
    }
}
