using ScalingLab.Allocation;
using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Units;

namespace ScalingLab.Tests.Allocation;

public class AllocatorTests
{
    public static IEnumerable<object[]> Budgets() =>
        from name in new[] { "hoffmann2022", "hoffmann2022-exact", "besiroglu2024", "muennighoff2023" }
        from exp in Enumerable.Range(18, 11)
        select new object[] { name, Math.Pow(10, exp) };

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Numeric_solver_agrees_with_the_closed_form_to_1e_6(string name, double budget)
    {
        var law = (ChinchillaLaw)LawCatalog.Get(name);
        var closed = ClosedForm.ComputeOptimal(law, new Flops(budget));
        var numeric = Allocator.ComputeOptimalNumeric(law, new Flops(budget));
        Assert.False(numeric.OnSearchEdge);
        Assert.Equal(1, numeric.Parameters.Value / closed.Parameters.Value, 1e-6);
        Assert.Equal(1, numeric.Tokens.Value / closed.Tokens.Value, 1e-6);
    }

    [Theory]
    [InlineData(FlopConvention.Exact)]
    [InlineData(FlopConvention.Kaplan)]
    [InlineData(FlopConvention.DeepSeekM)]
    public void Numeric_optimum_under_shape_dependent_conventions_is_a_true_minimum(FlopConvention conv)
    {
        var law = LawCatalog.Get("besiroglu2024");
        var family = new ShapeFamily();
        var c = new Flops(1e22);
        var a = Allocator.ComputeOptimal(law, c, conv, family);
        Assert.Equal(AllocationMethod.Numeric, a.Method);
        Assert.Equal(c.Value, family.FlopsPerToken(a.Parameters.Value, conv) * a.Tokens.Value, c.Value * 1e-9);
        foreach (var f in new[] { 0.98, 1.02 })
        {
            var n = a.Parameters.Value * f;
            var d = c.Value / family.FlopsPerToken(n, conv);
            Assert.True(law.Loss(new(n), new(d)) > a.Loss);
        }
    }

    [Fact]
    public void Kaplan_law_allocates_numerically_with_a_minimum_inside_the_range()
    {
        var a = Allocator.ComputeOptimal(LawCatalog.Kaplan, new Flops(1e21));
        Assert.False(a.OnSearchEdge);
        Assert.Equal(AllocationMethod.Numeric, a.Method);
    }

    [Fact]
    public void Fixed_parameters_returns_the_budget_where_that_size_is_optimal()
    {
        var law = LawCatalog.Get("hoffmann2022");
        var a = Allocator.ForParameters(law, new Parameters(3.219e10));
        Assert.Equal(5.76e23, a.Flops.Value, 0.01e23);
        var numeric = Allocator.ForParameters(LawCatalog.Kaplan, new Parameters(1e9));
        Assert.Equal(1e9, numeric.Parameters.Value, 1e9 * 1e-8);
    }

    [Fact]
    public void Fixed_tokens_returns_the_optimal_size_for_them()
    {
        var law = LawCatalog.Get("hoffmann2022");
        var a = Allocator.ForTokens(law, new Tokens(2.982e12));
        Assert.Equal(3.219e10, a.Parameters.Value, 0.001e10);
    }

    [Fact]
    public void Target_loss_finds_the_chinchilla_point()
    {
        // docs/scaling-laws.md Sec. 5: with hoffmann2022 and D_inf = 0, target 1.93075 -> N = 32.19e9, D = 2.982e12.
        var a = Allocator.ForTargetLoss(LawCatalog.Get("hoffmann2022"), 1.93075);
        Assert.Equal(32.19e9, a.Parameters.Value, 0.01e9);
        Assert.Equal(2.982e12, a.Tokens.Value, 0.001e12);
        Assert.Equal(1.93075, a.Loss.Value, 8);
    }

    [Fact]
    public void Target_loss_below_the_irreducible_loss_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => Allocator.ForTargetLoss(LawCatalog.Get("hoffmann2022"), 1.6));
        Assert.Equal("targetLoss", e.Parameter);
        Assert.Contains("1.69", e.Message);
    }

    [Fact]
    public void Fixed_points_spend_the_budget_exactly()
    {
        var law = LawCatalog.Get("besiroglu2024");
        var a = Allocator.ForParametersAndBudget(law, new(7e9), new Flops(1e23));
        Assert.Equal(1e23 / (6 * 7e9), a.Tokens.Value, 1);
        var b = Allocator.ForTokensAndBudget(law, new(2e12), new Flops(1e23));
        Assert.Equal(1e23 / (6 * 2e12), b.Parameters.Value, 1e-3);
        var c = Allocator.AtPoint(law, new(7e9), new(2e12));
        Assert.Equal(6 * 7e9 * 2e12, c.Flops.Value, 1e9);
    }

    [Fact]
    public void Kaplan_comparison_uses_table_6_and_6ND()
    {
        var k = KaplanComparison.For(LawCatalog.Get("hoffmann2022"), new Flops(5.76e23));
        var pfd = 5.76e23 / 8.64e19;
        Assert.Equal(1.3e9 * Math.Pow(pfd, 0.73), k.Parameters.Value, 1e3);
        Assert.Equal(5.76e23 / (6 * k.Parameters.Value), k.Tokens.Value, 1);
        // Kaplan's advice puts far more into parameters: fewer than one token per parameter here.
        Assert.True(k.TokensPerParameter < 1);
    }
}
