namespace ScalingLab.Fitting;

/// <summary>Runs sharing (about) one compute budget: an IsoFLOP profile.</summary>
public sealed record BudgetGroup(double Flops, IReadOnlyList<RunPoint> Points);

/// <summary>
/// Groups runs by compute budget. Runs are sorted by log10 C and a group takes every run within
/// <c>toleranceDex</c> of its smallest member times two, i.e. ±tolerance around its centre
/// (default 0.05 dex, about ±12%: the figure-4 data's budgets sit near 6e18, 1e19, 3e19, …
/// with a few percent of read-off scatter). The group's budget is the geometric mean.
/// </summary>
public static class BudgetGroups
{
    public const double DefaultToleranceDex = 0.05;

    public static IReadOnlyList<BudgetGroup> Of(IReadOnlyList<RunPoint> points, double toleranceDex = DefaultToleranceDex)
    {
        var sorted = points.OrderBy(p => p.Flops.Value).ToList();
        var groups = new List<BudgetGroup>();
        var i = 0;
        while (i < sorted.Count)
        {
            var start = Math.Log10(sorted[i].Flops.Value);
            var j = i;
            while (j < sorted.Count && Math.Log10(sorted[j].Flops.Value) - start <= 2 * toleranceDex) j++;
            var members = sorted.GetRange(i, j - i);
            groups.Add(new BudgetGroup(Math.Exp(members.Average(p => Math.Log(p.Flops.Value))), members));
            i = j;
        }
        return groups;
    }
}
