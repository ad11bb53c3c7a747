using FreeTickets.Core.Metrics;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Metrics;

public sealed class EnsembleMetricsCalculatorTests
{
    private const double Tolerance = 1e-12;

    private static Tensor Rows(params double[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, rows[0].Length);

    [Fact]
    public void Should_keep_zero_disagreement_pairs_without_fudge_When_three_members_vote()
    {
        // Argmax per example: A = [0, 0, 1, 1], B = [0, 0, 1, 1], C = [0, 1, 1, 0].
        // Pairs: A-B 0/4, A-C 2/4, B-C 2/4. Mean over the 3 pairs = (0 + 0.5 + 0.5) / 3 = 1/3.
        // (The original code would add 0.001 to each pair and drop A-B: 0.501.)
        using var scope = NewDisposeScope();
        double[] zero = [0.8, 0.2], one = [0.3, 0.7];
        var a = Rows(zero, zero, one, one);
        var b = Rows(zero, zero, one, one);
        var c = Rows(zero, one, one, zero);

        var metrics = EnsembleMetricsCalculator.Compute([a, b, c]);

        Assert.Equal(1.0 / 3, metrics.Disagreement, Tolerance);
        Assert.Equal(0.501, DisagreementDefinitions.ReleasedCodeMean(PairwiseDisagreementCalculator.Compute([a, b, c])), Tolerance);
    }

    [Fact]
    public void Should_give_zero_released_disagreement_When_no_pair_disagrees()
    {
        using var scope = NewDisposeScope();
        var a = Rows([0.8, 0.2], [0.3, 0.7]);

        Assert.Equal(0.0, DisagreementDefinitions.ReleasedCodeMean(PairwiseDisagreementCalculator.Compute([a, a.clone()])));
    }

    [Fact]
    public void Should_average_both_directions_of_kl_When_two_members_differ_on_one_example()
    {
        // p1 = [[0.5, 0.5], [0.9, 0.1]], p2 = [[0.25, 0.75], [0.9, 0.1]]; the second example contributes 0.
        // KL(p1||p2) on ex 1 = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3) = 0.143841 -> mean 0.071921
        // KL(p2||p1) on ex 1 = 0.25 ln(0.25/0.5) + 0.75 ln(0.75/0.5) = 0.130812          -> mean 0.065406
        // Mean over the 2 ordered pairs = 0.068663. Argmax: [0, 0] vs [1, 0]: disagreement 1/2.
        using var scope = NewDisposeScope();
        var p1 = Rows([0.5, 0.5], [0.9, 0.1]);
        var p2 = Rows([0.25, 0.75], [0.9, 0.1]);

        var metrics = EnsembleMetricsCalculator.Compute([p1, p2]);

        var kl12 = 0.5 * Math.Log(4.0 / 3) / 2;
        var kl21 = ((0.25 * Math.Log(0.5)) + (0.75 * Math.Log(1.5))) / 2;
        Assert.Equal((kl12 + kl21) / 2, metrics.PairwiseKl, Tolerance);
        Assert.Equal(0.068663, metrics.PairwiseKl, 1e-6);
        Assert.Equal(0.5, metrics.Disagreement, Tolerance);
    }

    [Fact]
    public void Should_average_over_all_twelve_ordered_pairs_When_four_members_form_two_identical_groups()
    {
        // a = b = [0.6, 0.4], c = d = [0.2, 0.8], one example.
        // Within a group KL = 0 (4 ordered pairs). Across groups (8 ordered pairs):
        //   KL(a||c) = 0.6 ln(0.6/0.2) + 0.4 ln(0.4/0.8) = 0.659167 - 0.277259 = 0.381908
        //   KL(c||a) = 0.2 ln(0.2/0.6) + 0.8 ln(0.8/0.4) = -0.219722 + 0.554518 = 0.334795
        // Mean = 4 (0.381908 + 0.334795) / 12 = 0.238901.
        // Disagreement: 4 of the 6 unordered pairs differ on the one example = 2/3.
        using var scope = NewDisposeScope();
        var a = Rows([0.6, 0.4]);
        var b = Rows([0.6, 0.4]);
        var c = Rows([0.2, 0.8]);
        var d = Rows([0.2, 0.8]);

        var metrics = EnsembleMetricsCalculator.Compute([a, b, c, d]);

        var across = (0.6 * Math.Log(3)) + (0.4 * Math.Log(0.5)) + (0.2 * Math.Log(1.0 / 3)) + (0.8 * Math.Log(2));
        Assert.Equal(4 * across / 12, metrics.PairwiseKl, Tolerance);
        Assert.Equal(0.238901, metrics.PairwiseKl, 1e-6);
        Assert.Equal(2.0 / 3, metrics.Disagreement, Tolerance);
    }

    [Fact]
    public void Should_return_zeros_When_the_ensemble_has_one_member()
    {
        using var p = Rows([0.6, 0.4], [0.1, 0.9]);

        var metrics = EnsembleMetricsCalculator.Compute([p]);

        Assert.Equal(new EnsembleMetrics(0.0, 0.0), metrics);
    }

    [Fact]
    public void Should_stay_finite_When_a_member_gives_a_class_zero_probability()
    {
        // KL(p||q) with q_0 = 0: 1 * (ln 1 - ln 1e-12) = 27.631021; KL(q||p) = 0 * ... + 1 * (ln 1 - ln 1e-12) = 27.631021.
        using var scope = NewDisposeScope();
        var p = Rows([1.0, 0.0]);
        var q = Rows([0.0, 1.0]);

        var metrics = EnsembleMetricsCalculator.Compute([p, q]);

        Assert.Equal(-Math.Log(1e-12), metrics.PairwiseKl, 1e-9);
    }

    [Fact]
    public void Should_equal_the_one_shot_result_When_members_are_streamed_in_batches()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(7);
        var members = Enumerable.Range(0, 3)
            .Select(_ => randn(new long[] { 20, 4 }, dtype: float32, generator: generator).mul(2).softmax(1))
            .ToArray();

        var oneShot = EnsembleMetricsCalculator.Compute(members);
        var accumulator = new EnsembleMetricsAccumulator();
        accumulator.Add(members.Select(m => m.narrow(0, 0, 7)).ToArray());
        accumulator.Add(members.Select(m => m.narrow(0, 7, 13)).ToArray());
        var streamed = accumulator.Result();

        Assert.Equal(20, accumulator.Count);
        Assert.Equal(oneShot.Disagreement, streamed.Disagreement, 1e-12);
        Assert.Equal(oneShot.PairwiseKl, streamed.PairwiseKl, 1e-12);
        Assert.True(oneShot.PairwiseKl > 0);
    }

    [Fact]
    public void Should_reject_members_When_their_shapes_differ()
    {
        using var scope = NewDisposeScope();
        var p = ones(3, 2).div(2);
        var q = ones(4, 2).div(2);

        Assert.Throws<ArgumentException>(() => EnsembleMetricsCalculator.Compute([p, q]));
        Assert.Throws<ArgumentException>(() => EnsembleMetricsCalculator.Compute([]));
    }
}
