using ScalingLab.Planning;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Training.Tests;

public class PlanTests
{
    [Fact]
    public void BudgetPlanForATinyByteLevelModelSpendsTheBudget()
    {
        // What `train --budget 1e13` on byte-level data trains: the plan pipeline's answer at vocabulary 256, context 256.
        var plan = Planner.Language(new PlanRequest(new PlanQuestion.ComputeOptimal(new Flops(1e13)), new ResolvedLaw.LossLaw(LawCatalog.Default),
            Shape: new ShapeOptions(256, 256)));
        Assert.Equal(1e13, 6 * plan.Parameters.Value * plan.Tokens.Value, 1e13 * 1e-12);
        // Chinchilla's rule of thumb (about 20 tokens per parameter) at this budget: N ≈ sqrt(C/120) ≈ 2.9e5.
        Assert.InRange(ParameterCount.Total(plan.Shape.Shape), 1.5e5, 6e5);
        Assert.Equal(256, plan.Shape.Shape.Vocab);
    }
}
