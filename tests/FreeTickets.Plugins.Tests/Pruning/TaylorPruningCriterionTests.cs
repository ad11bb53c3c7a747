using FreeTickets.Plugins.Pruning.Taylor;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Pruning;

public sealed class TaylorPruningCriterionTests : PruningCriterionContractTests<TaylorPruningCriterion>
{
    private static readonly float[] _weight = [0.5f, -0.1f, 0f, 0.8f, 0f, -0.3f, 0.05f, 0f];
    private static readonly float[] _mask = [1, 1, 0, 1, 0, 1, 1, 0];
    private static readonly float[] _gradient = [0.1f, -4f, 1f, 0.2f, 1f, 1f, 2f, 1f];

    [Fact]
    public void Should_keep_the_largest_weight_times_gradient_When_pruning_eight_weights()
    {
        using var scope = NewDisposeScope();

        // |w * g| of the 5 active {0: .05, 1: .4, 3: .16, 5: .3, 6: .1}; p = 0.4 drops ceil(2) = 2: positions 0 and 6.
        // Magnitude pruning would drop 6 and 1 instead.
        var score = EightWeights.PruneScore(Criterion, _weight, _mask, _gradient);
        Assert.Equal([0.05f, 0.4f, 0f, 0.16f, 0f, 0.3f, 0.1f, 0f], score, (a, b) => Math.Abs(a - b) < 1e-7f);
        Assert.Equal([0f, -0.1f, 0f, 0.8f, 0f, -0.3f, 0f, 0f], EightWeights.WeightsAfterPruning(Criterion, _weight, _mask, 0.4, _gradient));
    }

    [Fact]
    public void Should_fall_back_to_magnitude_When_there_is_no_gradient()
    {
        using var scope = NewDisposeScope();

        Assert.Equal([0.5f, 0.1f, 0f, 0.8f, 0f, 0.3f, 0.05f, 0f], EightWeights.PruneScore(Criterion, _weight, _mask));
        Assert.Equal([0.5f, 0f, 0f, 0.8f, 0f, -0.3f, 0f, 0f], EightWeights.WeightsAfterPruning(Criterion, _weight, _mask, 0.4));
    }
}
