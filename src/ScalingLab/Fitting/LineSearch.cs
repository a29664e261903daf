namespace ScalingLab.Fitting;

/// <summary>How a line search ended. Warnings still return the best step found, which L-BFGS-B accepts.</summary>
public enum LineSearchStatus { Converged, WarningRounding, WarningXtol, WarningStepMax, WarningStepMin, TooManyEvaluations, NotDescent }

/// <summary>
/// Moré and Thuente's (1994) line search for a step satisfying the strong Wolfe conditions
/// f(t) ≤ f(0) + ftol·t·f'(0) and |f'(t)| ≤ gtol·|f'(0)|, with the safeguarded cubic/quadratic
/// step of their Sec. 4. Written from the paper; the constants (ftol 1e-3, gtol 0.9, xtol 0.1,
/// extrapolation factors 1.1 and 4) are those L-BFGS-B uses.
/// </summary>
public static class LineSearch
{
    private const double XtrapLower = 1.1, XtrapUpper = 4.0;

    public readonly record struct Settings(double Ftol, double Gtol, double Xtol, double StepMin, double StepMax, int MaxEvaluations)
    {
        /// <summary>L-BFGS-B's values; maxls 20 as in SciPy.</summary>
        public static Settings LbfgsB { get; } = new(1e-3, 0.9, 0.1, 0, 1e10, 20);
    }

    /// <summary>
    /// Searches along a direction. <paramref name="phi"/> evaluates (f, f') at a step; f0 and g0
    /// are the value and the directional derivative at step 0. Returns the status and, through
    /// <paramref name="step"/>, the final step (the point phi last evaluated is that step).
    /// </summary>
    public static LineSearchStatus Search<TPhi>(ref TPhi phi, double f0, double g0, ref double step, Settings s, out int evaluations)
        where TPhi : struct, ILinePhi
    {
        evaluations = 0;
        if (g0 >= 0) return LineSearchStatus.NotDescent;
        var stp = Math.Clamp(step, s.StepMin, s.StepMax);
        var bracketed = false;
        var stage1 = true;
        var gtest = s.Ftol * g0;
        var width = s.StepMax - s.StepMin;
        var width1 = 2 * width;
        double stx = 0, fx = f0, gx = g0, sty = 0, fy = f0, gy = g0;
        double stmin = 0, stmax = stp + XtrapUpper * stp;
        while (true)
        {
            var (f, g) = phi.At(stp);
            evaluations++;
            step = stp;
            var ftest = f0 + stp * gtest;
            if (stage1 && f <= ftest && g >= 0) stage1 = false;
            if (!double.IsFinite(f) || !double.IsFinite(g))
            {
                // Overflow far out along the direction: come back towards the best step so far.
                bracketed = true;
                sty = stp; fy = double.MaxValue; gy = 0;
                stmin = Math.Min(stx, sty); stmax = Math.Max(stx, sty);
                width1 = width = stmax - stmin;
                stp = stx + 0.5 * (stp - stx);
                if (evaluations >= s.MaxEvaluations) return LineSearchStatus.TooManyEvaluations;
                continue;
            }
            if (bracketed && (stp <= stmin || stp >= stmax)) return LineSearchStatus.WarningRounding;
            if (bracketed && stmax - stmin <= s.Xtol * stmax) return LineSearchStatus.WarningXtol;
            if (stp == s.StepMax && f <= ftest && g <= gtest) return LineSearchStatus.WarningStepMax;
            if (stp == s.StepMin && (f > ftest || g >= gtest)) return LineSearchStatus.WarningStepMin;
            if (f <= ftest && Math.Abs(g) <= s.Gtol * -g0) return LineSearchStatus.Converged;
            if (evaluations >= s.MaxEvaluations) return LineSearchStatus.TooManyEvaluations;

            if (stage1 && f <= fx && f > ftest)
            {
                // Work on the modified function ψ(t) = f(t) - f(0) - ftol·t·f'(0) until a step with
                // ψ ≤ 0 and f' ≥ 0 is found (the paper's first stage).
                var fm = f - stp * gtest;
                var fxm = fx - stx * gtest;
                var fym = fy - sty * gtest;
                var gm = g - gtest;
                var gxm = gx - gtest;
                var gym = gy - gtest;
                Step(ref stx, ref fxm, ref gxm, ref sty, ref fym, ref gym, ref stp, fm, gm, ref bracketed, stmin, stmax);
                fx = fxm + stx * gtest;
                fy = fym + sty * gtest;
                gx = gxm + gtest;
                gy = gym + gtest;
            }
            else
            {
                Step(ref stx, ref fx, ref gx, ref sty, ref fy, ref gy, ref stp, f, g, ref bracketed, stmin, stmax);
            }

            if (bracketed)
            {
                // Force sufficient shrinkage of the interval (bisect when it fails to shrink by 1/3).
                if (Math.Abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
                width1 = width;
                width = Math.Abs(sty - stx);
                stmin = Math.Min(stx, sty);
                stmax = Math.Max(stx, sty);
            }
            else
            {
                stmin = stp + XtrapLower * (stp - stx);
                stmax = stp + XtrapUpper * (stp - stx);
            }
            stp = Math.Clamp(stp, s.StepMin, s.StepMax);
            // No progress possible: go back to the best step so far; the next pass reports the warning.
            if (bracketed && (stp <= stmin || stp >= stmax || stmax - stmin <= s.Xtol * stmax)) stp = stx;
        }
    }

    /// <summary>
    /// The safeguarded step of Moré-Thuente Sec. 4: (stx, fx, dx) is the best point, (sty, fy, dy)
    /// the other end of the interval, (stp, fp, dp) the trial. Updates the interval and the trial step.
    /// </summary>
    internal static void Step(ref double stx, ref double fx, ref double dx, ref double sty, ref double fy, ref double dy,
        ref double stp, double fp, double dp, ref bool bracketed, double stpmin, double stpmax)
    {
        var sgnd = dp * Math.Sign(dx);
        double stpf;
        if (fp > fx)
        {
            // Case 1: higher value; the minimum is bracketed. Cubic if closer to stx, else average with quadratic.
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var gamma = CubicGamma(theta, dx, dp);
            if (stp < stx) gamma = -gamma;
            var p = gamma - dx + theta;
            var q = gamma - dx + gamma + dp;
            var stpc = stx + p / q * (stp - stx);
            var stpq = stx + dx / ((fx - fp) / (stp - stx) + dx) / 2 * (stp - stx);
            stpf = Math.Abs(stpc - stx) < Math.Abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
            bracketed = true;
        }
        else if (sgnd < 0)
        {
            // Case 2: lower value, derivatives of opposite sign: bracketed; take the step farther from stp.
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var gamma = CubicGamma(theta, dx, dp);
            if (stp > stx) gamma = -gamma;
            var p = gamma - dp + theta;
            var q = gamma - dp + gamma + dx;
            var stpc = stp + p / q * (stx - stp);
            var stpq = stp + dp / (dp - dx) * (stx - stp);
            stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
            bracketed = true;
        }
        else if (Math.Abs(dp) < Math.Abs(dx))
        {
            // Case 3: lower value, same sign, derivative shrinking: the cubic may have no minimiser
            // in the direction of the step; extrapolate cautiously.
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var gamma = CubicGamma(theta, dx, dp);
            if (stp > stx) gamma = -gamma;
            var p = gamma - dp + theta;
            var q = gamma + (dx - dp) + gamma;
            var r = p / q;
            double stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : stp > stx ? stpmax : stpmin;
            var stpq = stp + dp / (dp - dx) * (stx - stp);
            if (bracketed)
            {
                stpf = Math.Abs(stpc - stp) < Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = stp > stx ? Math.Min(stp + 0.66 * (sty - stp), stpf) : Math.Max(stp + 0.66 * (sty - stp), stpf);
            }
            else
            {
                stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = Math.Clamp(stpf, stpmin, stpmax);
            }
        }
        else
        {
            // Case 4: lower value, same sign, derivative not shrinking: cubic with the far end, or extrapolate to the limit.
            if (bracketed)
            {
                var theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
                var gamma = CubicGamma(theta, dy, dp);
                if (stp > sty) gamma = -gamma;
                var p = gamma - dp + theta;
                var q = gamma - dp + gamma + dy;
                stpf = stp + p / q * (sty - stp);
            }
            else stpf = stp > stx ? stpmax : stpmin;
        }

        if (fp > fx)
        {
            sty = stp; fy = fp; dy = dp;
        }
        else
        {
            if (sgnd < 0) { sty = stx; fy = fx; dy = dx; }
            stx = stp; fx = fp; dx = dp;
        }
        stp = stpf;
    }

    // The square-root term of the cubic interpolating two points' values and slopes, scaled by the
    // largest magnitude to avoid overflow; clamped at 0 where rounding makes the radicand negative.
    private static double CubicGamma(double theta, double d1, double d2)
    {
        var s = Math.Max(Math.Abs(theta), Math.Max(Math.Abs(d1), Math.Abs(d2)));
        return s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (d1 / s) * (d2 / s)));
    }
}

/// <summary>f and its directional derivative at a step along the current search direction.</summary>
public interface ILinePhi
{
    (double F, double G) At(double step);
}
