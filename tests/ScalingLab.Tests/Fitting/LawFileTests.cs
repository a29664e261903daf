using ScalingLab.Fitting;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Fitting;

public class LawFileTests
{
    // A fitted law round-trips through the law-file schema of Data/laws.json: constants, the fitted
    // range, intervals as [low, high] and the bootstrap samples that plans turn into intervals.
    [Fact]
    public void Fitted_law_round_trips_with_samples()
    {
        var table = RepoData.Fig4Dropped5;
        var report = Fitter.Fit(table, new FitRequest(Approaches.Parametric, BootstrapResamples: 20));
        var def = Fitter.ToLawDefinition(report, "mine");
        var path = Path.Combine(Path.GetTempPath(), $"law-{Guid.NewGuid():N}.json");
        try
        {
            LawCatalog.Save(def, path);
            var law = (ChinchillaLaw)LawCatalog.Resolve(path);
            Assert.Equal(report.Parametric!.Alpha, law.Alpha, 1e-12);
            Assert.Equal(20, law.Samples!.Count);
            Assert.True(law.Intervals!["alpha"].High > law.Intervals["alpha"].Low);
            Assert.Equal(table.Points.Max(p => p.Flops.Value), law.Range!.MaxFlops);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Malformed_samples_are_bad_input()
    {
        var def = new LawDefinition
        {
            Name = "bad", Family = "chinchilla", Source = new("x", "y", 2026),
            Constants = new() { ["E"] = 1.8, ["A"] = 400, ["B"] = 2000, ["alpha"] = 0.35, ["beta"] = 0.37 },
            Samples = [[1.8, 400, 2000, 0.35, 0.37], [1.8, -1, 2000, 0.35]],
        };
        var e = Assert.Throws<InputException>(() => LawCatalog.Create(def));
        Assert.Contains("samples[1]", e.Message);
    }
}
