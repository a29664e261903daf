using ScalingLab.Reports.Figures;
using ScalingLab.Sweeps;

namespace ScalingLab.Reports;

/// <summary>
/// A sweep design as a picture for its folder (design.png, or .svg): the runs on the (N, D) plane
/// with each budget's IsoFLOP line and the prior law's optimum per budget, drawn by
/// <see cref="SweepDesignFigure"/> as in the sweep's report.
/// </summary>
public static class SweepDesignPlot
{
    public static Figure Figure(SweepDesign d) =>
        SweepDesignFigure.Build($"Sweep design: {d.Runs.Count} runs at {d.Budgets.Count} IsoFLOP budgets",
            d.Runs.Select(r => new DesignPoint(r.Budget, r.Parameters, r.Tokens)).ToList(), d.PriorOptima, d.Request.LawName);

    /// <summary>Writes PNG or SVG by the file's extension.</summary>
    public static void Save(SweepDesign d, string path) => Figure(d).Save(path);
}
