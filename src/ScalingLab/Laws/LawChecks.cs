using System.Globalization;
using ScalingLab.Allocation;
using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// What makes L = E + A/N^α + B/D^β a law a plan can use: every constant finite and positive
/// (loss falls with N and with D, towards a positive floor), and a finite compute-optimal N, D
/// and loss at every budget of <see cref="Budgets"/>, the range plans document (1e15 FLOPs, a toy
/// model, to 1e30, about 10,000 times the largest runs of 2024). Checked when a law file is loaded
/// and before a fit is written or shown, so a law that cannot answer is refused with the range it can.
/// </summary>
public static class LawChecks
{
    public const double MinBudget = 1e15, MaxBudget = 1e30;
    public static IEnumerable<double> Budgets => Enumerable.Range(15, 16).Select(k => Math.Pow(10, k));

    /// <summary>The first problem with the law (its optimum must be finite and at least one parameter and one token at every budget), or null when it is a usable law.</summary>
    public static string? Problem(ChinchillaLaw law)
    {
        foreach (var (name, v) in law.Constants)
            if (!double.IsFinite(v) || v <= 0)
                return name is "alpha" or "beta" && double.IsFinite(v)
                    ? $"{name} = {G(v)}: the loss must fall as {(name == "alpha" ? "the model grows" : "the tokens grow")}, so {name} must be positive"
                    : $"{name} = {G(v)}; every constant must be a positive finite number";
        var usable = Budgets.Where(c => Finite(law, c)).ToList();
        if (usable.Count == Budgets.Count()) return null;
        return usable.Count == 0
            ? $"its compute-optimal size or tokens is not a finite number of at least 1 at any budget from {MinBudget:0e0} to {MaxBudget:0e0} FLOPs (alpha {G(law.Alpha)}, beta {G(law.Beta)})"
            : $"its compute-optimal size and tokens are finite numbers of at least 1 only for budgets from {usable.Min():0e0} to {usable.Max():0e0} FLOPs, not over the whole range {MinBudget:0e0} to {MaxBudget:0e0} (alpha {G(law.Alpha)}, beta {G(law.Beta)})";
    }

    /// <summary>Throws an <see cref="InputException"/> on <paramref name="parameter"/> when <see cref="Problem"/> finds one.</summary>
    public static ChinchillaLaw Checked(ChinchillaLaw law, string parameter, string value)
    {
        if (Problem(law) is { } p) throw new InputException(parameter, value, $"the law {law.Name} is not usable: {p}");
        return law;
    }

    private static bool Finite(ChinchillaLaw law, double budget)
    {
        var a = ClosedForm.ComputeOptimal(law, new Flops(budget));
        // At least one parameter and one token: below that the "optimum" is an artefact of the constants.
        return double.IsFinite(a.Parameters.Value) && double.IsFinite(a.Tokens.Value) && double.IsFinite(a.Loss.Value)
            && a.Parameters.Value >= 1 && a.Tokens.Value >= 1;
    }

    private static string G(double v) => v.ToString("g4", CultureInfo.InvariantCulture);
}
