using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>A loss law L(N, D): its form, its constants and where they came from.</summary>
public interface IScalingLaw
{
    string Name { get; }
    string Family { get; }
    /// <summary>The formula, human-readable.</summary>
    string Form { get; }
    Source Source { get; }
    /// <summary>The range of the data the law was fitted on, when known (used for extrapolation warnings).</summary>
    FitRange? Range { get; }
    /// <summary>How the law counts N.</summary>
    ParameterCounting ParameterCounting { get; }
    /// <summary>The constants, by name, as the catalog lists them.</summary>
    IReadOnlyDictionary<string, double> Constants { get; }
    /// <summary>No (N, D) gets below this; 0 for pure power laws.</summary>
    double IrreducibleLoss { get; }

    Loss Loss(Parameters n, Tokens d);

    /// <summary>
    /// (∂L/∂ln N, ∂L/∂ln D). Laws override this with the analytic form; the default is a central
    /// difference with step 1e-5 in log space (relative error ~1e-10 for smooth laws).
    /// </summary>
    (double DLnN, double DLnD) LogGradient(Parameters n, Tokens d)
    {
        const double h = 1e-5;
        static double up(double x) => x * Math.Exp(h);
        static double dn(double x) => x * Math.Exp(-h);
        var gn = (Loss(new(up(n.Value)), d) - Loss(new(dn(n.Value)), d)) / (2 * h);
        var gd = (Loss(n, new(up(d.Value))) - Loss(n, new(dn(d.Value)))) / (2 * h);
        return (gn, gd);
    }
}

/// <summary>The span of the runs behind a law; null fields are unknown.</summary>
public sealed record FitRange(double? MinParameters = null, double? MaxParameters = null,
    double? MinFlops = null, double? MaxFlops = null);
