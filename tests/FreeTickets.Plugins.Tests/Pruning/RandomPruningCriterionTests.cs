using FreeTickets.Core.Randomness;
using FreeTickets.Plugins.Pruning.Random;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Pruning;

public sealed class RandomPruningCriterionTests : PruningCriterionContractTests<RandomPruningCriterion>
{
    [Fact]
    public void Should_keep_the_active_weights_with_the_largest_draws_When_pruning_eight_weights()
    {
        using var scope = NewDisposeScope();
        float[] weight = [0.5f, -0.1f, 0f, 0.8f, 0f, -0.3f, 0.05f, 0f];
        float[] mask = [1, 1, 0, 1, 0, 1, 1, 0];

        var after = EightWeights.WeightsAfterPruning(Criterion, weight, mask, 0.4, step: 13);

        // Independently: the criterion draws float32 uniforms from Generator(StableSeed(cell, "w", 13, "prune")); of the
        // 5 active, p = 0.4 drops 2 and keeps the 3 with the largest draws.
        using var generator = new Generator(StableSeed.Derive(ContractLayers.CellSeed, "w", 13L, "prune"), CPU);
        var draws = rand(new long[] { 2, 4 }, dtype: ScalarType.Float32, generator: generator).reshape(-1).data<float>().ToArray();
        var expected = new float[8];
        foreach (var i in new[] { 0, 1, 3, 5, 6 }.OrderByDescending(i => draws[i]).Take(3))
        {
            expected[i] = weight[i];
        }

        Assert.Equal(expected, after);
    }
}
