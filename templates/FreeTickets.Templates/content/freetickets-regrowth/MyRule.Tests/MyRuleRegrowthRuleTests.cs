using FreeTickets.Abstractions;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace MyRule.Tests;

/// <summary>
/// A 2x3 example worked out by hand. When you change <see cref="MyRuleRegrowthRule.Score"/>, work the new scores and
/// grown positions out on paper and change the expected values here.
/// </summary>
public sealed class MyRuleRegrowthRuleTests
{
    // Four active weights (mask 1). Magnitude pruning with p = 0.5 drops the two smallest |w|: 0.1 at (1,2) and -0.2 at
    // (0,2). Inactive after the prune: (0,1), (0,2), (1,0), (1,2).
    private static readonly float[,] _weight = { { 0.9f, 0f, -0.2f }, { 0f, 0.5f, 0.1f } };
    private static readonly float[,] _mask = { { 1f, 0f, 1f }, { 0f, 1f, 1f } };

    // |g| at those positions: 0.7, 0.3, 1.2, 0.02, so the rule grows (1,0) and (0,1).
    private static readonly float[,] _gradient = { { 0.1f, -0.7f, 0.3f }, { 1.2f, 0.2f, -0.02f } };

    public MyRuleRegrowthRuleTests() => TorchTestSetup.Initialize();

    [Fact]
    public void Should_be_named_as_in_benchmarks_json()
    {
        Assert.Equal("my-rule", new MyRuleRegrowthRule().Name);
    }

    [Fact]
    public void Should_score_the_gradient_magnitude_When_a_gradient_exists()
    {
        using var scope = NewDisposeScope();
        var layer = new MaskedLayer(
            "fc.weight", TopologyUpdateExample.ToTensor(_weight), TopologyUpdateExample.ToTensor(_mask), TopologyUpdateExample.ToTensor(_gradient), null);
        using var generator = new Generator(42, CPU);

        var score = TopologyUpdateExample.ToArray(new MyRuleRegrowthRule().Score(layer, new MaskUpdateContext(10, 0.5, generator)), 2, 3);

        float[,] expected = { { 0.1f, 0.7f, 0.3f }, { 1.2f, 0.2f, 0.02f } };
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(expected[i, j], score[i, j], 1e-6f);
            }
        }
    }

    [Fact]
    public void Should_break_ties_at_random_When_there_is_no_gradient_yet()
    {
        using var scope = NewDisposeScope();
        var layer = new MaskedLayer("fc.weight", TopologyUpdateExample.ToTensor(_weight), TopologyUpdateExample.ToTensor(_mask), null, null);
        using var generator = new Generator(42, CPU);

        var score = new MyRuleRegrowthRule().Score(layer, new MaskUpdateContext(0, 0.5, generator));

        Assert.True(score.ge(0).all().item<bool>() && score.lt(1e-11).all().item<bool>(), "the tie-break is not tiny");
        Assert.Equal(6L, score.unique().Item1.numel());
    }

    [Fact]
    public void Should_grow_the_largest_gradients_among_inactive_positions_When_the_engine_updates()
    {
        var mask = TopologyUpdateExample.MaskAfterRegrowth(new MyRuleRegrowthRule(), _weight, _mask, _gradient, dropFraction: 0.5);

        // Kept: (0,0) and (1,1). Grown: (1,0) and (0,1). Still four active weights.
        Assert.Equal(new float[,] { { 1f, 1f, 0f }, { 1f, 1f, 0f } }, mask);
    }
}
