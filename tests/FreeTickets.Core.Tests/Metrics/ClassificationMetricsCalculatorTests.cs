using FreeTickets.Core.Metrics;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Metrics;

public sealed class ClassificationMetricsCalculatorTests
{
    private const double Tolerance = 1e-12;

    // Six examples, three classes, 15 bins of width 1/15; bin b covers (b/15, (b+1)/15].
    //   #  probabilities        y  pred  conf  bin                       correct  p_y   Brier = sum p^2 - 2 p_y + 1
    //   1  [0.40, 0.30, 0.30]   0  0     0.40  5 (1/3, 0.4] upper edge   yes      0.40  0.34   - 0.80 + 1 = 0.54
    //   2  [0.36, 0.34, 0.30]   1  0     0.36  5                         no       0.34  0.3352 - 0.68 + 1 = 0.6552
    //   3  [0.90, 0.05, 0.05]   0  0     0.90  13 (13/15, 14/15]         yes      0.90  0.815  - 1.80 + 1 = 0.015
    //   4  [0.05, 0.92, 0.03]   1  1     0.92  13                        yes      0.92  0.8498 - 1.84 + 1 = 0.0098
    //   5  [0.10, 0.20, 0.70]   0  2     0.70  10 (2/3, 11/15]           no       0.10  0.54   - 0.20 + 1 = 1.34
    //   6  [0.41, 0.29, 0.30]   2  0     0.41  6 (0.4, 7/15]             no       0.30  0.3422 - 0.60 + 1 = 0.7422
    // ECE = sum_b |correct_b - sum conf_b| / N:
    //   bin 5: |1 - 0.76| = 0.24; bin 6: |0 - 0.41| = 0.41; bin 10: |0 - 0.70| = 0.70; bin 13: |2 - 1.82| = 0.18
    //   ECE = 1.53 / 6 = 0.255
    // Accuracy = 3/6; Brier = 3.3022 / 6 = 0.55036667
    // NLL = -(ln 0.40 + ln 0.34 + ln 0.90 + ln 0.92 + ln 0.10 + ln 0.30) / 6 = 5.690402 / 6 = 0.948400
    private static readonly double[] _sixProbabilities =
    [
        0.40, 0.30, 0.30,
        0.36, 0.34, 0.30,
        0.90, 0.05, 0.05,
        0.05, 0.92, 0.03,
        0.10, 0.20, 0.70,
        0.41, 0.29, 0.30,
    ];

    private static readonly long[] _sixLabels = [0, 1, 0, 1, 0, 2];

    [Fact]
    public void Should_match_hand_computed_metrics_When_six_examples_are_scored()
    {
        using var probabilities = tensor(_sixProbabilities).reshape(6, 3);
        using var labels = tensor(_sixLabels);

        var metrics = ClassificationMetricsCalculator.Compute(probabilities, labels);

        Assert.Equal(6, metrics.Count);
        Assert.Equal(0.5, metrics.Accuracy, Tolerance);
        Assert.Equal(0.255, metrics.Ece, Tolerance);
        Assert.Equal(3.3022 / 6, metrics.Brier, Tolerance);
        var expectedNll = -(Math.Log(0.40) + Math.Log(0.34) + Math.Log(0.90) + Math.Log(0.92) + Math.Log(0.10) + Math.Log(0.30)) / 6;
        Assert.Equal(expectedNll, metrics.Nll, Tolerance);
        Assert.Equal(0.948400, metrics.Nll, 1e-6);
    }

    [Fact]
    public void Should_put_confidence_on_an_upper_edge_into_the_lower_bin_When_binning_for_ece()
    {
        using var probabilities = tensor(_sixProbabilities).reshape(6, 3);
        using var labels = tensor(_sixLabels);

        var bins = ClassificationMetricsCalculator.Compute(probabilities, labels).ReliabilityBins;

        Assert.Equal(15, bins.Count);
        Assert.Equal(1.0 / 3, bins[5].Lower, Tolerance);
        Assert.Equal(0.4, bins[5].Upper);
        Assert.Equal(2, bins[5].Count); // 0.40 (the edge) and 0.36
        Assert.Equal(0.5, bins[5].Accuracy, Tolerance);
        Assert.Equal(0.38, bins[5].Confidence, Tolerance);
        Assert.Equal(1, bins[6].Count); // 0.41
        Assert.Equal(0.41, bins[6].Confidence, Tolerance);
        Assert.Equal(1, bins[10].Count);
        Assert.Equal(2, bins[13].Count);
        Assert.Equal(1.0, bins[13].Accuracy, Tolerance);
        Assert.Equal(0.91, bins[13].Confidence, Tolerance);
        Assert.Equal(6, bins.Sum(b => b.Count));
        Assert.All(bins.Where(b => b.Count == 0), b => Assert.Equal((0.0, 0.0), (b.Accuracy, b.Confidence)));
        Assert.Equal(1.0, bins[14].Upper);
    }

    [Fact]
    public void Should_use_the_requested_bin_count_When_eceBins_is_given()
    {
        // One bin: ECE = |accuracy - mean confidence| = |0.5 - (0.40+0.36+0.90+0.92+0.70+0.41)/6| = |0.5 - 0.615| = 0.115.
        using var probabilities = tensor(_sixProbabilities).reshape(6, 3);
        using var labels = tensor(_sixLabels);

        var metrics = ClassificationMetricsCalculator.Compute(probabilities, labels, eceBins: 1);

        Assert.Single(metrics.ReliabilityBins);
        Assert.Equal(0.115, metrics.Ece, Tolerance);
    }

    [Fact]
    public void Should_average_nll_over_all_examples_and_clamp_zero_probability_When_a_prediction_is_certainly_wrong()
    {
        // Example 1: p_y = 1, -ln 1 = 0. Example 2: p_y = 0, clamped to 1e-12: -ln 1e-12 = 27.631021.
        // NLL = (0 + 27.631021) / 2 = 13.815511 (the mean over both, not the last one only).
        using var probabilities = tensor(new[] { 1.0, 0.0, 1.0, 0.0 }).reshape(2, 2);
        using var labels = tensor(new long[] { 0, 1 });

        var metrics = ClassificationMetricsCalculator.Compute(probabilities, labels);

        Assert.Equal(-Math.Log(1e-12) / 2, metrics.Nll, 1e-9);
        Assert.True(double.IsFinite(metrics.Nll));
        // Brier: 0 for the first, (1-0)^2 + (0-1)^2 = 2 for the second.
        Assert.Equal(1.0, metrics.Brier, Tolerance);
    }

    [Fact]
    public void Should_score_float32_probabilities_in_double_When_inputs_are_single_precision()
    {
        using var probabilities = tensor(_sixProbabilities).reshape(6, 3).to(float32);
        using var labels = tensor(_sixLabels).to(int32);

        var metrics = ClassificationMetricsCalculator.Compute(probabilities, labels);

        Assert.Equal(0.5, metrics.Accuracy, Tolerance);
        Assert.Equal(3.3022 / 6, metrics.Brier, 1e-6);
    }

    [Fact]
    public void Should_reject_inputs_When_shapes_or_labels_are_invalid()
    {
        using var probabilities = tensor(_sixProbabilities).reshape(6, 3);
        using var shortLabels = tensor(new long[] { 0, 1 });
        using var outOfRange = tensor(new long[] { 0, 1, 0, 1, 0, 3 });

        Assert.Throws<ArgumentException>(() => ClassificationMetricsCalculator.Compute(probabilities, shortLabels));
        Assert.Throws<ArgumentException>(() => ClassificationMetricsCalculator.Compute(probabilities, outOfRange));
        Assert.Throws<InvalidOperationException>(() => new ClassificationMetricsAccumulator().Result());
    }
}
