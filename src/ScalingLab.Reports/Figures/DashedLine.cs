using ScottPlot;

namespace ScalingLab.Reports.Figures;

/// <summary>
/// A dashed curve drawn as separate short solid segments. ScottPlot's dash patterns are Skia path
/// effects, which Skia's SVG writer cannot express: the SVG shows a solid line and Skia prints
/// "Unsupported path effect" on stderr. Segments look the same in PNG and SVG. Dash lengths are
/// measured along the curve in axis-relative units, so steep and flat parts dash alike.
/// </summary>
public static class DashedLine
{
    /// <param name="xRange">The x extent the plot will show (for measuring length along the curve).</param>
    /// <param name="yRange">The y extent the plot will show.</param>
    /// <param name="dash">Dash length as a fraction of the plot's width.</param>
    public static IReadOnlyList<ScottPlot.Plottables.Scatter> Add(Plot plt, double[] xs, double[] ys, Color color, float width,
        (double Min, double Max) xRange, (double Min, double Max) yRange, string? legend = null, double dash = 0.012, double gap = 0.008)
    {
        var sx = 1 / Math.Max(xRange.Max - xRange.Min, 1e-300);
        var sy = 1 / Math.Max(yRange.Max - yRange.Min, 1e-300);
        var pieces = new List<ScottPlot.Plottables.Scatter>();
        var on = true;
        var px = new List<double> { xs[0] };
        var py = new List<double> { ys[0] };
        var left = dash;
        for (var i = 1; i < xs.Length; i++)
        {
            double x0 = xs[i - 1], y0 = ys[i - 1], x1 = xs[i], y1 = ys[i];
            var len = Math.Sqrt(Math.Pow((x1 - x0) * sx, 2) + Math.Pow((y1 - y0) * sy, 2));
            var used = 0.0;
            while (len - used > left)
            {
                used += left;
                var t = used / len;
                double xm = x0 + (x1 - x0) * t, ym = y0 + (y1 - y0) * t;
                if (on) { px.Add(xm); py.Add(ym); Flush(); }
                else { px.Clear(); py.Clear(); px.Add(xm); py.Add(ym); }
                on = !on;
                left = on ? dash : gap;
            }
            left -= len - used;
            if (on) { px.Add(x1); py.Add(y1); }
        }
        if (on) Flush();
        return pieces;

        void Flush()
        {
            if (px.Count >= 2)
            {
                var s = plt.Add.ScatterLine(px.ToArray(), py.ToArray());
                s.Color = color;
                s.LineWidth = width;
                if (pieces.Count == 0 && legend is not null) s.LegendText = legend;
                pieces.Add(s);
            }
            px.Clear();
            py.Clear();
        }
    }
}
