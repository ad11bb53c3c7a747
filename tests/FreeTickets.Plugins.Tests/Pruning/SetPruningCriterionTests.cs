using FreeTickets.Plugins.Pruning.Set;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Pruning;

public sealed class SetPruningCriterionTests : PruningCriterionContractTests<SetPruningCriterion>
{
    [Fact]
    public void Should_prune_each_sign_closest_to_zero_When_pruning_eight_weights()
    {
        using var scope = NewDisposeScope();
        float[] weight = [0.5f, -0.1f, 0.9f, 0.8f, -0.4f, -0.3f, 0.05f, -0.7f];
        float[] mask = [1, 1, 1, 1, 1, 1, 1, 1];

        // Positives by magnitude: .05, .5, .8, .9 -> (i + 0.5) / 4 = .125, .375, .625, .875; negatives -.1, -.3, -.4, -.7
        // likewise. p = 0.5 drops the 4 lowest: two of each sign (0.05, 0.5 and -0.1, -0.3). Magnitude pruning would keep
        // 0.5 and drop -0.4 instead.
        Assert.Equal([0.375f, 0.125f, 0.875f, 0.625f, 0.625f, 0.375f, 0.125f, 0.875f], EightWeights.PruneScore(Criterion, weight, mask));
        Assert.Equal([0f, 0f, 0.9f, 0.8f, -0.4f, 0f, 0f, -0.7f], EightWeights.WeightsAfterPruning(Criterion, weight, mask, 0.5));
    }

    [Fact]
    public void Should_take_the_same_fraction_of_each_sign_and_zeros_first_When_the_signs_are_unbalanced()
    {
        using var scope = NewDisposeScope();

        // Position 3 is inactive, position 6 active but exactly zero.
        float[] weight = [0.1f, -0.5f, 0.6f, 0f, 0.9f, -0.8f, 0f, 0.2f];
        float[] mask = [1, 1, 1, 0, 1, 1, 1, 1];

        // 4 positives .1, .2, .6, .9 -> .125, .375, .625, .875; 2 negatives -.5, -.8 -> .25, .75; the zero scores 0.
        // 7 active, p = 0.3 drops ceil(2.1) = 3: the zero, 0.1 (a quarter of the positives) and -0.5 (half of the
        // negatives). Magnitude pruning would drop 0.2 instead of -0.5.
        Assert.Equal([0.125f, 0.25f, 0.625f, 0f, 0.875f, 0.75f, 0f, 0.375f], EightWeights.PruneScore(Criterion, weight, mask));
        Assert.Equal([0f, 0f, 0.6f, 0f, 0.9f, -0.8f, 0f, 0.2f], EightWeights.WeightsAfterPruning(Criterion, weight, mask, 0.3));
    }

    [Fact]
    public void Should_rank_equal_weights_by_position_When_a_sign_has_ties()
    {
        using var scope = NewDisposeScope();
        float[] weight = [0.5f, 0.5f, 0.5f, 0.5f, -1f, -1f, 0f, 0f];
        float[] mask = [1, 1, 1, 1, 1, 1, 0, 0];

        Assert.Equal([0.125f, 0.375f, 0.625f, 0.875f, 0.25f, 0.75f, 0f, 0f], EightWeights.PruneScore(Criterion, weight, mask));
    }
}
