using FreeTickets.Plugins.Regrowth.Gradient;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Regrowth;

public sealed class GradientRegrowthRuleTests : RegrowthRuleContractTests<GradientRegrowthRule>
{
    [Fact]
    public void Should_grow_where_the_last_dense_gradient_is_largest_When_regrowing_eight_weights()
    {
        using var scope = NewDisposeScope();

        var (topology, _) = EightWeights.Regrow(
            Rule, MomentumFixture.Weight, MomentumFixture.Mask, [MomentumFixture.First, MomentumFixture.Second], MomentumFixture.Momentum, MomentumFixture.DropFraction);
        using var owned = topology;

        // |g2| over {1, 2, 4, 6, 7} = {1, 1, .2, 1.8, 1.5}: 6 and 7 grow (RigL looks at the last step only).
        Assert.Equal(MomentumFixture.MaskWith(6, 7), EightWeights.Flat(topology.Layers[0].Mask));
        Assert.Null(topology.Layers[0].GradientMomentum);
    }
}
