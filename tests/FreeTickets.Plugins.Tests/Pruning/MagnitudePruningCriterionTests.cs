using FreeTickets.Plugins.Pruning.Magnitude;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Pruning;

public sealed class MagnitudePruningCriterionTests : PruningCriterionContractTests<MagnitudePruningCriterion>
{
    [Fact]
    public void Should_keep_the_largest_magnitudes_When_pruning_eight_weights()
    {
        using var scope = NewDisposeScope();
        float[] weight = [0.5f, -0.1f, 0f, 0.8f, 0f, -0.3f, 0.05f, 0f];
        float[] mask = [1, 1, 0, 1, 0, 1, 1, 0];

        // |w| of the 5 active {0: .5, 1: .1, 3: .8, 5: .3, 6: .05}; p = 0.5 drops ceil(2.5) = 3 and keeps 0 and 3.
        Assert.Equal([0.5f, 0.1f, 0f, 0.8f, 0f, 0.3f, 0.05f, 0f], EightWeights.PruneScore(Criterion, weight, mask));
        Assert.Equal([0.5f, 0f, 0f, 0.8f, 0f, 0f, 0f, 0f], EightWeights.WeightsAfterPruning(Criterion, weight, mask, 0.5));
    }
}
