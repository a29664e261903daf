using System.Runtime.CompilerServices;

namespace ScalingLab.Fitting;

/// <summary>
/// Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) for unconstrained problems, with the
/// Moré-Thuente line search and L-BFGS-B's stopping rules and step choices, so its results are
/// comparable with SciPy's L-BFGS-B: first step 1/‖d‖, later steps 1; a line search that ends
/// with a warning is accepted (restarting instead cost 41% more evaluations, docs/dotnet.md);
/// a failed line search drops the memory and retries once from steepest descent.
/// Works in place over double[] so the 4,500-start grid allocates nothing per iteration.
/// </summary>
public sealed class Lbfgs
{
    private readonly int _n, _m;
    private readonly double[][] _s, _y;
    private readonly double[] _rho, _alpha, _g, _d, _xPrev, _gPrev;
    private readonly double[] _trialX, _trialG;

    public Lbfgs(int dimension, int memory = 10)
    {
        _n = dimension;
        _m = memory;
        _s = Enumerable.Range(0, memory).Select(_ => new double[dimension]).ToArray();
        _y = Enumerable.Range(0, memory).Select(_ => new double[dimension]).ToArray();
        _rho = new double[memory];
        _alpha = new double[memory];
        _g = new double[dimension];
        _d = new double[dimension];
        _xPrev = new double[dimension];
        _gPrev = new double[dimension];
        _trialX = new double[dimension];
        _trialG = new double[dimension];
    }

    /// <summary>Minimises from x (overwritten with the result).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LbfgsResult Minimize(IObjective objective, double[] x, LbfgsOptions o)
    {
        if (o.Memory != _m) throw new ArgumentException($"this workspace has memory {_m}, the options ask for {o.Memory}");
        var f = objective.Evaluate(x, _g);
        var evaluations = 1;
        if (!double.IsFinite(f) || !AllFinite(_g)) return new(f, double.NaN, 0, evaluations, LbfgsStatus.NotFinite);
        var gnorm = InfNorm(_g);
        if (gnorm <= o.Pgtol) return new(f, gnorm, 0, evaluations, LbfgsStatus.ConvergedGradient);

        int count = 0, head = 0, iterations = 0;
        var settings = LineSearch.Settings.LbfgsB;
        var eps = Math.Pow(2, -52);
        while (true)
        {
            Direction(count, head);
            var gd = Dot(_g, _d);
            if (!(gd < 0))
            {
                // Not a descent direction (lost positive definiteness): forget the memory.
                count = 0;
                for (var i = 0; i < _n; i++) _d[i] = -_g[i];
                gd = Dot(_g, _d);
            }
            var step = count == 0 ? Math.Min(1 / Math.Sqrt(Dot(_d, _d)), settings.StepMax) : 1.0;
            Array.Copy(x, _xPrev, _n);
            Array.Copy(_g, _gPrev, _n);
            var fPrev = f;
            var phi = new Phi(objective, _xPrev, _d, _trialX, _trialG);
            var status = LineSearch.Search(ref phi, f, gd, ref step, settings, out var used);
            evaluations += used;
            var failed = status is LineSearchStatus.TooManyEvaluations or LineSearchStatus.NotDescent
                || !double.IsFinite(phi.LastF) || phi.LastF > f;
            if (failed)
            {
                Array.Copy(_xPrev, x, _n);
                Array.Copy(_gPrev, _g, _n);
                if (count == 0) return new(f, InfNorm(_g), iterations, evaluations, LbfgsStatus.LineSearchFailed);
                count = 0;
                continue;
            }
            // The phi's last evaluation is the accepted step.
            Array.Copy(_trialX, x, _n);
            Array.Copy(_trialG, _g, _n);
            f = phi.LastF;
            iterations++;
            gnorm = InfNorm(_g);
            if (gnorm <= o.Pgtol) return new(f, gnorm, iterations, evaluations, LbfgsStatus.ConvergedGradient);
            if ((fPrev - f) / Math.Max(Math.Max(Math.Abs(fPrev), Math.Abs(f)), 1) <= o.Factr * eps)
                return new(f, gnorm, iterations, evaluations, LbfgsStatus.ConvergedDecrease);
            if (iterations >= o.MaxIterations) return new(f, gnorm, iterations, evaluations, LbfgsStatus.MaxIterations);
            if (evaluations >= o.MaxEvaluations) return new(f, gnorm, iterations, evaluations, LbfgsStatus.MaxEvaluations);

            // Store the pair unless the curvature s'y is too small to keep the update positive definite.
            var slot = (head + count) % _m;
            var s = _s[slot];
            var y = _y[slot];
            double sy = 0, yy = 0;
            for (var i = 0; i < _n; i++)
            {
                s[i] = x[i] - _xPrev[i];
                y[i] = _g[i] - _gPrev[i];
                sy += s[i] * y[i];
                yy += y[i] * y[i];
            }
            if (sy > eps * yy)
            {
                _rho[slot] = 1 / sy;
                if (count < _m) count++;
                else head = (head + 1) % _m;
            }
        }
    }

    // The two-loop recursion with H0 = (s'y / y'y) I, the scaling L-BFGS-B's θ implies.
    private void Direction(int count, int head)
    {
        for (var i = 0; i < _n; i++) _d[i] = -_g[i];
        if (count == 0) return;
        for (var k = count - 1; k >= 0; k--)
        {
            var j = (head + k) % _m;
            _alpha[j] = _rho[j] * Dot(_s[j], _d);
            Axpy(-_alpha[j], _y[j], _d);
        }
        var last = (head + count - 1) % _m;
        var gamma = 1 / (_rho[last] * Dot(_y[last], _y[last]));
        for (var i = 0; i < _n; i++) _d[i] *= gamma;
        for (var k = 0; k < count; k++)
        {
            var j = (head + k) % _m;
            var beta = _rho[j] * Dot(_y[j], _d);
            Axpy(_alpha[j] - beta, _s[j], _d);
        }
    }

    private struct Phi(IObjective objective, double[] x0, double[] d, double[] x, double[] g) : ILinePhi
    {
        public double LastF = double.NaN;

        public (double F, double G) At(double step)
        {
            for (var i = 0; i < x.Length; i++) x[i] = x0[i] + step * d[i];
            LastF = objective.Evaluate(x, g);
            return (LastF, Dot(g, d));
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double InfNorm(double[] v)
    {
        double m = 0;
        foreach (var t in v) m = Math.Max(m, Math.Abs(t));
        return m;
    }

    private static bool AllFinite(double[] v) => v.All(double.IsFinite);
}
