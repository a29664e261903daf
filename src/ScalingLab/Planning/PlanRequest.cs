using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// What the user fixed. Any one of budget, parameters, tokens or target loss asks for the
/// compute-optimal answer; two of budget/parameters/tokens pin the point; a target loss with a
/// parameter count asks for the tokens that reach it at that size.
/// </summary>
public sealed partial record PlanRequest(
    IScalingLaw Law,
    Flops? Budget = null,
    Parameters? Parameters = null,
    Tokens? Tokens = null,
    double? TargetLoss = null,
    FlopConvention Convention = FlopConvention.SixN,
    int Vocab = 32000,
    int Context = 2048,
    double AspectRatio = ShapeSearch.DefaultAspectRatio,
    Hardware.HardwareRequest? Hardware = null);
