using FreeTickets.Abstractions;
using FreeTickets.Plugins.Regrowth.Momentum;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Regrowth;

public sealed class MomentumRegrowthRuleTests : RegrowthRuleContractTests<MomentumRegrowthRule>
{
    [Fact]
    public void Should_grow_where_the_dense_gradient_momentum_is_largest_When_regrowing_eight_weights()
    {
        using var scope = NewDisposeScope();

        var (topology, weight) = EightWeights.Regrow(
            Rule, MomentumFixture.Weight, MomentumFixture.Mask, [MomentumFixture.First, MomentumFixture.Second], MomentumFixture.Momentum, MomentumFixture.DropFraction);
        using var owned = topology;

        // buf = 0.5 * g1 + g2 = [0, 1.5, 2, 0, .25, 0, 1.3, 2] at every position (the SGD buffer is masked, this one is not).
        // Over {1, 2, 4, 6, 7} the two largest |buf| are 2 and 7; RigL's |g2| would pick 6 (1.8) and 7 (1.5).
        var layer = topology.Layers[0];
        Assert.Equal([0f, 1.5f, 2f, 0f, 0.25f, 0f, 1.3f, 2f], EightWeights.Flat(layer.GradientMomentum!));
        Assert.Equal(MomentumFixture.MaskWith(2, 7), EightWeights.Flat(layer.Mask));
        Assert.Equal([0.5f, 0f, 0f, 0.8f, 0f, -0.3f, 0f, 0f], EightWeights.Flat(weight));
        Assert.Null(layer.GradientSquareAverage);
    }

    [Fact]
    public void Should_score_the_momentum_magnitude_and_fall_back_to_the_gradient()
    {
        using var scope = NewDisposeScope();
        var mask = EightWeights.Tensor(MomentumFixture.Mask);
        var weight = EightWeights.Tensor(MomentumFixture.Weight);
        var gradient = EightWeights.Tensor(MomentumFixture.Second);
        var buffer = EightWeights.Tensor([0f, -1.5f, 2f, 0f, 0.25f, 0f, -1.3f, 2f]);
        using var generator = new Generator(1, CPU);
        var context = new MaskUpdateContext(2, 0.4, generator);

        var withBuffer = Rule.Score(new MaskedLayer("w", weight, mask, gradient, null) { GradientMomentum = buffer }, context);
        var withGradient = Rule.Score(new MaskedLayer("w", weight, mask, gradient, null), context);
        var withNothing = Rule.Score(new MaskedLayer("w", weight, mask, null, null), context);

        Assert.Equal([0f, 1.5f, 2f, 0f, 0.25f, 0f, 1.3f, 2f], EightWeights.Flat(withBuffer));
        Assert.Equal([0f, 1f, 1f, 0f, 0.2f, 0f, 1.8f, 1.5f], EightWeights.Flat(withGradient));
        Assert.Equal(new float[8], EightWeights.Flat(withNothing));
    }

    [Fact]
    public void Should_ask_for_the_momentum_statistic_and_declare_the_snfs_cost()
    {
        Assert.Equal("momentum", Rule.Name);
        Assert.Equal(GradientStatistics.Momentum, Rule.GradientStatistics);
        Assert.Equal(RegrowthCost.DenseGradientEveryStep, Rule.Cost);
    }
}
