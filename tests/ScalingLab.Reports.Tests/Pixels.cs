using SkiaSharp;

namespace ScalingLab.Reports.Tests;

/// <summary>
/// Reading a drawn plot back: with no usable font ScottPlot still writes the PNG but draws no text
/// (docs/dotnet.md), so a band that should hold text must hold dark pixels.
/// </summary>
internal static class Pixels
{
    /// <summary>Pixels darker than a sum of 200 over red, green and blue in [x0, x1) x [y0, y1).</summary>
    public static int Dark(SKBitmap bmp, int x0, int y0, int x1, int y1)
    {
        var n = 0;
        for (var y = y0; y < y1; y++)
            for (var x = x0; x < x1; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 200) n++;
            }
        return n;
    }
}
