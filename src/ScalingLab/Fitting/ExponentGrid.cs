namespace ScalingLab.Fitting;

/// <summary>
/// The (α, β) cells that variable projection evaluates: by default 0.05 to 1.95 in steps of 0.1 on
/// each axis, which covers Hoffmann et al.'s start range (0 to 2) at a fifth of its spacing, plus
/// −0.5, −0.25 and 0, so data whose loss rises with N or D (no law) finds its negative exponent as the
/// 5-D grid does (23 x 23 = 529 cells); an optimum on the outer ring of cells is reported as on the grid's edge.
/// </summary>
public sealed record ExponentGrid(double[] Alpha, double[] Beta)
{
    public static ExponentGrid Default { get; } = new([-0.5, -0.25, 0, .. Axis(0.05, 1.95, 0.1)], [-0.5, -0.25, 0, .. Axis(0.05, 1.95, 0.1)]);

    public int Count => Alpha.Length * Beta.Length;

    public (double Alpha, double Beta) Cell(int k) => (Alpha[k / Beta.Length], Beta[k % Beta.Length]);

    /// <summary>Which exponents of cell k lie on the edge of their axis.</summary>
    public IReadOnlyList<string> EdgesOf(int k)
    {
        var (i, j) = (k / Beta.Length, k % Beta.Length);
        var edges = new List<string>();
        if (Alpha.Length > 1 && (i == 0 || i == Alpha.Length - 1)) edges.Add("alpha");
        if (Beta.Length > 1 && (j == 0 || j == Beta.Length - 1)) edges.Add("beta");
        return edges;
    }

    /// <summary>The cells next to cell k (up to 8).</summary>
    public IEnumerable<int> Neighbours(int k)
    {
        var (i, j) = (k / Beta.Length, k % Beta.Length);
        for (var di = -1; di <= 1; di++)
        for (var dj = -1; dj <= 1; dj++)
            if ((di, dj) != (0, 0) && i + di >= 0 && i + di < Alpha.Length && j + dj >= 0 && j + dj < Beta.Length)
                yield return (i + di) * Beta.Length + j + dj;
    }

    public static double[] Axis(double from, double to, double step) =>
        Enumerable.Range(0, (int)Math.Round((to - from) / step) + 1).Select(i => from + i * step).ToArray();
}
