using FreeTickets.Core.Metrics;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Metrics;

public sealed class OodAurocTests
{
    [Fact]
    public void Should_count_ties_as_one_half_When_scores_overlap()
    {
        // Pairs (in, out): 0.9 beats both, 0.8 beats both, 0.5 ties 0.5 and beats 0.1: (2 + 2 + 0.5 + 1) / 6 = 5.5/6.
        var auroc = OodAuroc.Compute([0.9, 0.8, 0.5], [0.5, 0.1]);

        Assert.Equal(5.5 / 6, auroc, 1e-12);
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.8 }, new[] { 0.2, 0.1 }, 1.0)]
    [InlineData(new[] { 0.2, 0.1 }, new[] { 0.9, 0.8 }, 0.0)]
    [InlineData(new[] { 0.5, 0.5 }, new[] { 0.5, 0.5, 0.5 }, 0.5)]
    [InlineData(new[] { 0.3, 0.7 }, new[] { 0.5 }, 0.5)]
    public void Should_give_the_pairwise_win_rate_When_scores_are_separable_or_equal(double[] inScores, double[] outScores, double expected)
    {
        Assert.Equal(expected, OodAuroc.Compute(inScores, outScores), 1e-12);
    }

    [Fact]
    public void Should_reject_scores_When_a_side_is_empty_or_nan()
    {
        Assert.Throws<ArgumentException>(() => OodAuroc.Compute([], [0.5]));
        Assert.Throws<ArgumentException>(() => OodAuroc.Compute([double.NaN], [0.5]));
    }

    [Fact]
    public void Should_take_the_row_maximum_When_scoring_max_softmax()
    {
        using var probabilities = tensor(new[] { 0.2f, 0.8f, 0.6f, 0.4f }).reshape(2, 2);

        var scores = OodAuroc.MaxSoftmaxScores(probabilities);

        Assert.Equal(2, scores.Length);
        Assert.Equal(0.8, scores[0], 1e-6);
        Assert.Equal(0.6, scores[1], 1e-6);
    }
}
