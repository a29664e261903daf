using ScalingLab.Hardware;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Tests.Planning;

/// <summary>Language plans for tests: the inputs a user fixes, parsed into a question as the CLI does.</summary>
internal static class Plans
{
    public static Plan Of(IScalingLaw law, Flops? budget = null, Parameters? parameters = null, Tokens? tokens = null,
        double? targetLoss = null, HardwareRequest? hardware = null) =>
        Planner.Language(new PlanRequest(
            PlanQuestion.From(budget, parameters, tokens, targetLoss is { } t ? new Loss(t) : null, hardware),
            new ResolvedLaw.LossLaw(law), Hardware: hardware));
}
