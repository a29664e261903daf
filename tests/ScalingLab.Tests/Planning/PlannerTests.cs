using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Units;

namespace ScalingLab.Tests.Planning;

public class PlannerTests
{
    [Fact]
    public void Budget_plan_carries_law_convention_shape_and_kaplan_comparison()
    {
        var plan = Plans.Of(LawCatalog.Get("hoffmann2022"), budget: new Flops(5.76e23));
        Assert.Equal(3.219e10, plan.Allocation.Parameters.Value, 0.001e10);
        Assert.True(plan.Shape.WithinTolerance);
        Assert.NotNull(plan.Kaplan);
        Assert.True(plan.Kaplan.LossUnderLaw.Value > plan.Allocation.Loss.Value); // the optimum is optimal
        Assert.Contains(plan.Warnings, w => w.Code == "extrapolation");        // 192x beyond 3e21
        Assert.Contains(plan.Assumptions, a => a.What.Contains("sixN"));
    }

    [Fact]
    public void Small_budget_inside_the_fitted_range_has_no_extrapolation_warning()
    {
        var plan = Plans.Of(LawCatalog.Default, budget: new Flops(1e20));
        Assert.DoesNotContain(plan.Warnings, w => w.Code == "extrapolation");
    }

    [Fact]
    public void Target_loss_with_parameters_solves_for_tokens()
    {
        var law = LawCatalog.Get("hoffmann2022");
        var plan = Plans.Of(law, parameters: new(7e9), targetLoss: 2.0);
        Assert.Equal(2.0, law.Loss(new(7e9), plan.Allocation.Tokens).Value, 9);
    }

    [Fact]
    public void Unreachable_target_for_a_fixed_size_names_the_floor()
    {
        var e = Assert.Throws<InputException>(() => Plans.Of(LawCatalog.Get("hoffmann2022"), parameters: new(1e8), targetLoss: 1.75));
        Assert.Contains("floor", e.Message);
    }

    [Fact]
    public void Over_constrained_and_empty_requests_are_input_errors()
    {
        Assert.Throws<InputException>(() => Plans.Of(LawCatalog.Default, new Flops(1e22), new(1e9), new(1e10)));
        Assert.Throws<InputException>(() => Plans.Of(LawCatalog.Default));
        Assert.Throws<InputException>(() => Plans.Of(LawCatalog.Default, new Flops(1e22), targetLoss: 2.2));
    }
}
