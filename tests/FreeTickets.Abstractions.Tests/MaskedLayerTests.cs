using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions.Tests;

public sealed class MaskedLayerTests
{
    [Fact]
    public void Should_count_every_weight_active_or_not()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new float[] { 1, 0, 0, 1, 0, 1 }).reshape(2, 3);
        var linear = new MaskedLayer("fc1.weight", ones(2, 3).mul(mask), mask, null, null);
        var conv = new MaskedLayer("conv1.weight", zeros(6, 1, 5, 5), zeros(6, 1, 5, 5), null, null);

        Assert.Equal(6L, linear.Count);
        Assert.Equal(150L, conv.Count);
    }

    [Fact]
    public void Should_carry_no_gradient_statistics_When_the_engine_keeps_none()
    {
        using var scope = NewDisposeScope();
        var layer = new MaskedLayer("fc1.weight", ones(2, 3), ones(2, 3), ones(2, 3), zeros(2, 3));

        Assert.Null(layer.GradientMomentum);
        Assert.Null(layer.GradientSquareAverage);
    }

    [Fact]
    public void Should_show_the_engines_own_tensors_When_built_or_copied_with_statistics()
    {
        // A view, not a copy: plugins read exactly what the engine holds, and must leave it alone.
        using var scope = NewDisposeScope();
        var (weight, mask, gradient, momentum) = (ones(2, 3), ones(2, 3), full(2, 3, 0.5f), zeros(2, 3));
        var statistic = full(2, 3, 0.25f);
        var layer = new MaskedLayer("fc1.weight", weight, mask, gradient, momentum);

        var withStatistics = layer with { GradientMomentum = statistic, GradientSquareAverage = statistic };

        Assert.Same(weight, withStatistics.Weight);
        Assert.Same(mask, withStatistics.Mask);
        Assert.Same(gradient, withStatistics.Gradient);
        Assert.Same(momentum, withStatistics.Momentum);
        Assert.Same(statistic, withStatistics.GradientMomentum);
        Assert.Null(layer.GradientMomentum);
    }
}
