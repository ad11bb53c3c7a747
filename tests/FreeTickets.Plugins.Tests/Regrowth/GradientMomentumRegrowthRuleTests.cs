using FreeTickets.Abstractions;
using FreeTickets.Plugins.Regrowth.GradientMomentum;
using FreeTickets.Plugins.Tests.Sparsity;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Regrowth;

public sealed class GradientMomentumRegrowthRuleTests : RegrowthRuleContractTests<GradientMomentumRegrowthRule>
{
    [Fact]
    public void Should_grow_where_momentum_over_gradient_rms_is_largest_When_regrowing_eight_weights()
    {
        using var scope = NewDisposeScope();

        var (topology, weight) = EightWeights.Regrow(
            Rule, MomentumFixture.Weight, MomentumFixture.Mask, [MomentumFixture.First, MomentumFixture.Second], MomentumFixture.Momentum, MomentumFixture.DropFraction);
        using var owned = topology;

        // m = 0.5 g1 + g2 and v = 0.999 (0.001 g1^2) + 0.001 g2^2. Over {1, 2, 4, 6, 7}:
        //   1: m 1.5,  v .001999   -> 33.55      2: m 2,   v .036964 -> 10.40 (large but sign-flipping)
        //   4: m .25,  v .00004999 -> 35.36      6: m 1.3, v .004239 -> 19.97      7: m 2, v .003249 -> 35.09
        // so 4 and 7 grow; momentum (|m|) would grow 2 and 7.
        var expected = new double[8];
        for (var i = 0; i < 8; i++)
        {
            double g1 = MomentumFixture.First[i], g2 = MomentumFixture.Second[i];
            var m = (MomentumFixture.Momentum * g1) + g2;
            var v = (0.999 * 0.001 * g1 * g1) + (0.001 * g2 * g2);
            expected[i] = Math.Abs(m) / (Math.Sqrt(v) + 1e-8);
        }

        var layer = topology.Layers[0];
        using var generator = new Generator(1, CPU);
        var view = new MaskedLayer("w", weight, layer.Mask, null, null)
        {
            GradientMomentum = layer.GradientMomentum,
            GradientSquareAverage = layer.GradientSquareAverage,
        };
        var score = EightWeights.Flat(Rule.Score(view, new MaskUpdateContext(2, 0.4, generator)));
        Assert.Equal(expected, score.Select(s => (double)s), (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Max(1.0, Math.Abs(a)));
        Assert.Equal([33.55, 10.40, 35.36, 19.97, 35.09], new[] { 1, 2, 4, 6, 7 }.Select(i => Math.Round(expected[i], 2)).ToArray());
        Assert.Equal(MomentumFixture.MaskWith(4, 7), EightWeights.Flat(layer.Mask));
        Assert.Equal([0.5f, 0f, 0f, 0.8f, 0f, -0.3f, 0f, 0f], EightWeights.Flat(weight));
    }

    [Fact]
    public void Should_fall_back_to_the_momentum_rule_When_a_statistic_is_missing()
    {
        using var scope = NewDisposeScope();
        var mask = EightWeights.Tensor(MomentumFixture.Mask);
        var weight = EightWeights.Tensor(MomentumFixture.Weight);
        var gradient = EightWeights.Tensor(MomentumFixture.Second);
        var buffer = EightWeights.Tensor([0f, -1.5f, 2f, 0f, 0.25f, 0f, -1.3f, 2f]);
        using var generator = new Generator(1, CPU);
        var context = new MaskUpdateContext(2, 0.4, generator);

        var momentumOnly = Rule.Score(new MaskedLayer("w", weight, mask, gradient, null) { GradientMomentum = buffer }, context);
        var gradientOnly = Rule.Score(new MaskedLayer("w", weight, mask, gradient, null), context);

        Assert.Equal([0f, 1.5f, 2f, 0f, 0.25f, 0f, 1.3f, 2f], EightWeights.Flat(momentumOnly));
        Assert.Equal([0f, 1f, 1f, 0f, 0.2f, 0f, 1.8f, 1.5f], EightWeights.Flat(gradientOnly));
    }

    [Fact]
    public void Should_ask_for_both_moments_and_declare_the_snfs_cost()
    {
        Assert.Equal("gradient-momentum", Rule.Name);
        Assert.Equal(GradientStatistics.Momentum | GradientStatistics.SquareAverage, Rule.GradientStatistics);
        Assert.Equal(RegrowthCost.DenseGradientEveryStep, Rule.Cost);
    }
}
