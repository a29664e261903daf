using System.Runtime.CompilerServices;

namespace ScalingLab.Fitting;

/// <summary>
/// The Approach-3 objective with the exponents held fixed: over θ = (a, b, e) = (ln A, ln B, ln E),
/// Σ_i Huber_δ( ln(A x_i + B z_i + E) − ln L_i ) with x_i = N_i^−α and z_i = D_i^−β computed once.
/// It is the same function as <see cref="HuberLseObjective"/> restricted to one (α, β), so its
/// minimum is the variable-projection value φ(α, β); an evaluation costs one logarithm per point
/// instead of two exponentials and a logarithm. It also gives ∂/∂α and ∂/∂β at θ, which at the
/// inner minimum are the gradient of φ (the envelope theorem).
/// </summary>
public sealed class ProjectedHuberObjective : IObjective
{
    private readonly double[] _x, _z, _lnN, _lnD, _lnL;
    private readonly double _delta;

    public ProjectedHuberObjective(double[] lnN, double[] lnD, double[] lnL, double alpha, double beta, double delta)
    {
        (_lnN, _lnD, _lnL, _delta) = (lnN, lnD, lnL, delta);
        _x = new double[lnN.Length];
        _z = new double[lnN.Length];
        for (var i = 0; i < lnN.Length; i++)
        {
            _x[i] = Math.Exp(-alpha * lnN[i]);
            _z[i] = Math.Exp(-beta * lnD[i]);
        }
    }

    public int Dimension => 3;

    /// <summary>
    /// A start for (a, b, e): least squares of L_i on (x_i, z_i, 1), which is linear, with each constant
    /// kept above a small positive floor so its logarithm exists (the Huber fit then moves it).
    /// </summary>
    public double[] Start()
    {
        double s11 = 0, s12 = 0, s13 = 0, s22 = 0, s23 = 0, s33 = _x.Length, r1 = 0, r2 = 0, r3 = 0;
        for (var i = 0; i < _x.Length; i++)
        {
            var l = Math.Exp(_lnL[i]);
            s11 += _x[i] * _x[i]; s12 += _x[i] * _z[i]; s13 += _x[i];
            s22 += _z[i] * _z[i]; s23 += _z[i];
            r1 += _x[i] * l; r2 += _z[i] * l; r3 += l;
        }
        var sol = Solve3(s11, s12, s13, s22, s23, s33, r1, r2, r3);
        var meanL = r3 / _x.Length;
        var meanX = s13 / _x.Length;
        var meanZ = s23 / _x.Length;
        double A = sol[0], B = sol[1], E = sol[2];
        if (!(A > 1e-3 * meanL / meanX)) A = 1e-3 * meanL / meanX;
        if (!(B > 1e-3 * meanL / meanZ)) B = 1e-3 * meanL / meanZ;
        if (!(E > 1e-3 * meanL)) E = 1e-3 * meanL;
        return [Math.Log(A), Math.Log(B), Math.Log(E)];
    }

    // The symmetric 3x3 system by Cramer's rule; a singular one (x or z constant, e.g. alpha = 0) gives NaN, which Start floors.
    private static double[] Solve3(double a11, double a12, double a13, double a22, double a23, double a33, double b1, double b2, double b3)
    {
        var det = a11 * (a22 * a33 - a23 * a23) - a12 * (a12 * a33 - a23 * a13) + a13 * (a12 * a23 - a22 * a13);
        if (!(Math.Abs(det) > 1e-300)) return [double.NaN, double.NaN, double.NaN];
        var x1 = (b1 * (a22 * a33 - a23 * a23) - a12 * (b2 * a33 - a23 * b3) + a13 * (b2 * a23 - a22 * b3)) / det;
        var x2 = (a11 * (b2 * a33 - a23 * b3) - b1 * (a12 * a33 - a23 * a13) + a13 * (a12 * b3 - b2 * a13)) / det;
        var x3 = (a11 * (a22 * b3 - b2 * a23) - a12 * (a12 * b3 - b2 * a13) + b1 * (a12 * a23 - a22 * a13)) / det;
        return [x1, x2, x3];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(ReadOnlySpan<double> t, Span<double> g)
    {
        double A = Math.Exp(t[0]), B = Math.Exp(t[1]), E = Math.Exp(t[2]);
        double f = 0, ga = 0, gb = 0, ge = 0;
        var delta = _delta;
        for (var i = 0; i < _x.Length; i++)
        {
            var ax = A * _x[i];
            var bz = B * _z[i];
            var s = ax + bz + E;
            var r = Math.Log(s) - _lnL[i];
            var ar = Math.Abs(r);
            f += ar <= delta ? 0.5 * r * r : delta * (ar - 0.5 * delta);
            var h = Math.Clamp(r, -delta, delta) / s;
            ga += h * ax;
            gb += h * bz;
            ge += h;
        }
        g[0] = ga; g[1] = gb; g[2] = ge * E;
        return double.IsFinite(f) ? f : double.PositiveInfinity;
    }

    /// <summary>(∂/∂α, ∂/∂β) of the full objective at θ and this (α, β).</summary>
    public (double DAlpha, double DBeta) ExponentGradient(ReadOnlySpan<double> t)
    {
        double A = Math.Exp(t[0]), B = Math.Exp(t[1]), E = Math.Exp(t[2]);
        double da = 0, db = 0;
        for (var i = 0; i < _x.Length; i++)
        {
            var ax = A * _x[i];
            var bz = B * _z[i];
            var s = ax + bz + E;
            var h = Math.Clamp(Math.Log(s) - _lnL[i], -_delta, _delta) / s;
            da -= h * ax * _lnN[i];
            db -= h * bz * _lnD[i];
        }
        return (da, db);
    }
}
