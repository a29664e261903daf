using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Laws;

public class LawCatalogTests
{
    [Fact]
    public void Every_preset_loads_and_names_its_source()
    {
        Assert.True(LawCatalog.Presets.Count >= 5);
        foreach (var def in LawCatalog.Presets)
        {
            var law = LawCatalog.Create(def);
            Assert.False(string.IsNullOrWhiteSpace(law.Source.Paper));
            Assert.False(string.IsNullOrWhiteSpace(law.Source.Where));
            Assert.InRange(law.Source.Year, 2019, 2030);
            Assert.True(double.IsFinite(law.Loss(new(1e9), new(2e10)).Value));
        }
    }

    [Fact]
    public void Required_presets_exist_and_default_is_besiroglu()
    {
        foreach (var n in new[] { "hoffmann2022", "hoffmann2022-exact", "besiroglu2024", "muennighoff2023", "kaplan2020" })
            Assert.Equal(n, LawCatalog.Get(n).Name);
        Assert.Equal("besiroglu2024", LawCatalog.Default.Name);
    }

    [Fact]
    public void Unrounded_constants_come_from_logs()
    {
        var l = (ChinchillaLaw)LawCatalog.Get("hoffmann2022-exact");
        Assert.Equal(Math.Exp(6.0073404), l.A, 9);
        Assert.Equal(Math.Exp(0.5267228), l.E, 12);
        var m = (ChinchillaLaw)LawCatalog.Get("muennighoff2023");
        Assert.Equal((520.8, 1487.7, 1.869, 0.3527), (m.A, m.B, m.E, m.Alpha));
    }

    [Fact]
    public void Unknown_names_list_the_presets()
    {
        var e = Assert.Throws<InputException>(() => LawCatalog.Resolve("chinchila"));
        Assert.Equal("law", e.Parameter);
        Assert.Contains("besiroglu2024", e.Message);
    }

    [Fact]
    public void A_law_file_round_trips_and_resolves_by_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"law-{Guid.NewGuid():N}.json");
        try
        {
            LawCatalog.Save(new LawDefinition
            {
                Name = "mine", Family = "chinchilla",
                Constants = new() { ["E"] = 1.8, ["A"] = 400, ["B"] = 1500, ["alpha"] = 0.33, ["beta"] = 0.35 },
                Source = new Source("fitted from runs.csv", "scalinglab fit, Approach 3", 2026),
                Intervals = new() { ["alpha"] = [0.31, 0.35] },
            }, path);
            var law = (ChinchillaLaw)LawCatalog.Resolve(path);
            Assert.Equal(("mine", 1.8, 400.0, 0.35), (law.Name, law.E, law.A, law.Beta));
            Assert.Equal((0.31, 0.35), law.Intervals!["alpha"]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Broken_law_files_are_input_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"law-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "{ not json");
            Assert.Throws<InputException>(() => LawCatalog.Resolve(path));
            File.WriteAllText(path, """{"name":"x","family":"chinchilla","constants":{"E":1.7,"A":-3,"B":1,"alpha":0.3,"beta":0.3},"source":{"paper":"p","where":"w","year":2026}}""");
            var e = Assert.Throws<InputException>(() => LawCatalog.Resolve(path));
            Assert.Contains("'A'", e.Message);
        }
        finally { File.Delete(path); }
    }
}
