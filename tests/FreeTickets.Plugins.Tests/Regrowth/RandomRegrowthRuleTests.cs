using FreeTickets.Core.Randomness;
using FreeTickets.Plugins.Regrowth.Random;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Regrowth;

public sealed class RandomRegrowthRuleTests : RegrowthRuleContractTests<RandomRegrowthRule>
{
    [Fact]
    public void Should_grow_the_inactive_positions_with_the_largest_draws_When_regrowing_eight_weights()
    {
        using var scope = NewDisposeScope();

        var (topology, _) = EightWeights.Regrow(
            Rule, MomentumFixture.Weight, MomentumFixture.Mask, [MomentumFixture.First, MomentumFixture.Second], MomentumFixture.Momentum, MomentumFixture.DropFraction);
        using var owned = topology;

        // The rule draws float32 uniforms from Generator(StableSeed(cell, "w", 2, "regrow")); the 2 of {1, 2, 4, 6, 7} with
        // the largest draws grow.
        using var generator = new Generator(StableSeed.Derive(ContractLayers.CellSeed, "w", 2L, "regrow"), CPU);
        var draws = rand(new long[] { 2, 4 }, dtype: ScalarType.Float32, generator: generator).reshape(-1).data<float>().ToArray();
        var grown = new[] { 1, 2, 4, 6, 7 }.OrderByDescending(i => draws[i]).Take(2).ToArray();
        Assert.Equal(MomentumFixture.MaskWith(grown), EightWeights.Flat(topology.Layers[0].Mask));
    }
}
