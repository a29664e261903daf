using System.Globalization;

namespace ScalingLab.Units;

/// <summary>Prints quantities in readable units with a fixed number of significant digits.</summary>
public static class QuantityFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>3.219e10 -> "32.2B"; 2.982e12 -> "2.98T"; 950 -> "950".</summary>
    public static string Count(double v, int significant = 3)
    {
        if (!double.IsFinite(v)) return v.ToString(Inv);
        var a = Math.Abs(v);
        (double div, string suf) = a switch
        {
            >= 1e15 => (0, ""),
            >= 1e12 => (1e12, "T"),
            >= 1e9 => (1e9, "B"),
            >= 1e6 => (1e6, "M"),
            >= 1e3 => (1e3, "K"),
            _ => (1, ""),
        };
        if (div == 0) return Scientific(v, significant);
        return Significant(v / div, significant) + suf;
    }

    /// <summary>5.76e23 -> "5.76e23".</summary>
    public static string Scientific(double v, int significant = 3)
    {
        if (v == 0 || !double.IsFinite(v)) return v.ToString(Inv);
        var exp = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        var mant = v / Math.Pow(10, exp);
        // Rounding can carry the mantissa to 10.0.
        if (Math.Abs(Math.Round(mant, significant - 1)) >= 10) { mant /= 10; exp++; }
        return Significant(mant, significant) + "e" + exp.ToString(Inv);
    }

    /// <summary>Seconds in the largest sensible unit: "42 s", "3.5 h", "14.2 d", "2.1 y".</summary>
    public static string Duration(double seconds)
    {
        var a = Math.Abs(seconds);
        return a switch
        {
            < 60 => Significant(seconds, 3) + " s",
            < 3600 => Significant(seconds / 60, 3) + " min",
            < 2 * 86400 => Significant(seconds / 3600, 3) + " h",
            < 365.25 * 86400 => Significant(seconds / 86400, 3) + " d",
            _ => Significant(seconds / (365.25 * 86400), 3) + " y",
        };
    }

    /// <summary>"$1.23M", "$950", "$4.1K".</summary>
    public static string Money(double dollars) => "$" + Count(dollars);

    /// <summary>A number as typed back to the user in an error: shortest round-trip form ("1E+300", "NaN").</summary>
    public static string Raw(double v) => v.ToString("R", Inv);

    /// <summary>A number with the given significant digits, no exponent, trailing zeros trimmed.</summary>
    public static string Significant(double v, int significant)
    {
        if (v == 0) return "0";
        var digits = (int)Math.Floor(Math.Log10(Math.Abs(v))) + 1;
        var decimals = Math.Clamp(significant - digits, 0, 15);
        var s = Math.Round(v, decimals).ToString("F" + decimals, Inv);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return s;
    }
}
