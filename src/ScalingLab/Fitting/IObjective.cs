namespace ScalingLab.Fitting;

/// <summary>A smooth function of a parameter vector that returns its value and fills its gradient.</summary>
public interface IObjective
{
    int Dimension { get; }
    /// <summary>Returns f(x) and writes ∇f(x) into <paramref name="gradient"/>. Must not allocate.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
