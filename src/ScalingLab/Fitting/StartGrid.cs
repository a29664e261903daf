using ScalingLab.Units;

namespace ScalingLab.Fitting;

/// <summary>
/// The grid of initial points for the parametric fit. The default is Hoffmann et al. 2022's
/// (App. D.2): α, β ∈ {0, 0.5, …, 2}; e ∈ {-1, -0.5, …, 1}; a, b ∈ {0, 5, …, 25}: 4,500 starts.
/// </summary>
public sealed record StartGrid(double[] A, double[] B, double[] E, double[] Alpha, double[] Beta)
{
    public static StartGrid Hoffmann { get; } = new(
        Range(0, 25, 5), Range(0, 25, 5), Range(-1, 1, 0.5), Range(0, 2, 0.5), Range(0, 2, 0.5));

    public int Count => A.Length * B.Length * E.Length * Alpha.Length * Beta.Length;

    /// <summary>The k-th start as (a, b, e, α, β), in the order of the objective's parameters.</summary>
    public void Start(int k, Span<double> x)
    {
        x[HuberLseObjective.Beta] = Beta[k % Beta.Length]; k /= Beta.Length;
        x[HuberLseObjective.Alpha] = Alpha[k % Alpha.Length]; k /= Alpha.Length;
        x[HuberLseObjective.E] = E[k % E.Length]; k /= E.Length;
        x[HuberLseObjective.B] = B[k % B.Length]; k /= B.Length;
        x[HuberLseObjective.A] = A[k];
    }

    /// <summary>Which axes (a, b, e, alpha, beta) the start lies on the edge of, where the axis has more than one value.</summary>
    public IReadOnlyList<string> EdgesOf(ReadOnlySpan<double> x)
    {
        var edges = new List<string>();
        void Check(string name, double[] axis, double v)
        {
            if (axis.Length > 1 && (v == axis.Min() || v == axis.Max())) edges.Add(name);
        }
        Check("a", A, x[HuberLseObjective.A]);
        Check("b", B, x[HuberLseObjective.B]);
        Check("e", E, x[HuberLseObjective.E]);
        Check("alpha", Alpha, x[HuberLseObjective.Alpha]);
        Check("beta", Beta, x[HuberLseObjective.Beta]);
        return edges;
    }

    /// <summary>A grid from "a=0:25:5,b=0:25:5,e=-1:1:0.5,alpha=0:2:0.5,beta=0:2:0.5" (any axis may be left out to keep the default).</summary>
    public static StartGrid Parse(string text, string field = "grid")
    {
        var g = Hoffmann;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            var bits = kv.Length == 2 ? kv[1].Split(':') : [];
            if (bits.Length != 3 || !bits.All(b => double.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)))
                throw new InputException(field, part, "expected axis=from:to:step, e.g. alpha=0:2:0.5 (axes a, b, e, alpha, beta)");
            var v = bits.Select(b => double.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (!(v[2] > 0) || v[1] < v[0] || (v[1] - v[0]) / v[2] > 1000)
                throw new InputException(field, part, "expected from <= to and a positive step giving at most 1,000 values");
            var axis = Range(v[0], v[1], v[2]);
            g = kv[0].Trim().ToLowerInvariant() switch
            {
                "a" => g with { A = axis }, "b" => g with { B = axis }, "e" => g with { E = axis },
                "alpha" => g with { Alpha = axis }, "beta" => g with { Beta = axis },
                _ => throw new InputException(field, kv[0], "expected an axis a, b, e, alpha or beta"),
            };
        }
        return g;
    }

    private static double[] Range(double from, double to, double step) =>
        Enumerable.Range(0, (int)Math.Round((to - from) / step) + 1).Select(i => from + i * step).ToArray();
}
