using ScalingLab.Compute;
using ScalingLab.Units;

namespace ScalingLab.Tests.Compute;

public class ShapeSearchTests
{
    [Theory]
    [InlineData(125e6)]
    [InlineData(1e9)]
    [InlineData(7e9)]
    [InlineData(70e9)]
    [InlineData(400e9)]
    public void Proposed_shapes_land_within_tolerance_and_follow_the_rules(double target)
    {
        var p = ShapeSearch.Propose(new ShapeRequest(new Parameters(target)));
        Assert.True(p.WithinTolerance);
        Assert.InRange(Math.Abs(p.RelativeError), 0, 0.05);
        Assert.Equal(ParameterCount.Total(p.Shape), p.Parameters);
        var s = p.Shape;
        Assert.Contains(s.HeadDim, new[] { 64, 128 });
        Assert.Equal(0, s.DModel % 64);
        Assert.Equal(s.DModel, s.Heads * s.HeadDim);
        Assert.Equal(4 * s.DModel, s.FfnDim);
        // Width/depth near the literature's range (Kaplan et al. 2020 Fig. 5: flat for 20-200).
        Assert.InRange((double)s.DModel / s.Layers, 20, 200);
    }

    [Fact]
    public void A_target_too_small_for_the_vocabulary_reports_the_closest_shape()
    {
        var p = ShapeSearch.Propose(new ShapeRequest(new Parameters(1e6), Vocab: 50257));
        Assert.False(p.WithinTolerance);
        Assert.True(p.RelativeError > 0.05);
    }
}
