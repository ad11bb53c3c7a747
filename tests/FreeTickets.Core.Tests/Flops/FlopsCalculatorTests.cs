using FreeTickets.Abstractions;
using FreeTickets.Core.Flops;

namespace FreeTickets.Core.Tests.Flops;

public sealed class FlopsCalculatorTests
{
    private const long CifarTrainExamples = 50_000;

    private static void AssertRelative(double expected, double actual, double relativeTolerance) =>
        Assert.True(
            Math.Abs(actual - expected) <= relativeTolerance * Math.Abs(expected),
            $"expected {expected} within {relativeTolerance:P2}, got {actual}");

    [Fact]
    public void Should_match_the_reference_totals_When_counting_wrn_28_10()
    {
        var cost = ReferenceWrnFixture.Cost;

        Assert.Equal(29, cost.SparsifiableLayers.Count);
        Assert.Equal(5_243_328_768, cost.DenseMacsPerExample);
        Assert.Equal(2.0 * 5_243_328_768, FlopsCalculator.DenseForwardFlops(cost));
        Assert.Equal(ReferenceWrnFixture.SparsifiableWeights, cost.SparsifiableWeights);
        Assert.Equal(36_479_194, cost.TotalParams);
    }

    [Theory]
    [InlineData(0.8, 0.3396)]
    [InlineData(0.9, 0.1686)]
    public void Should_match_the_reference_sparse_to_dense_ratio_When_densities_are_erk(double sparsity, double expectedRatio)
    {
        var cost = ReferenceWrnFixture.Cost;
        var densities = sparsity == 0.8 ? ReferenceWrnFixture.DensitiesS08 : ReferenceWrnFixture.DensitiesS09;

        var ratio = FlopsCalculator.SparseForwardFlops(cost, densities) / FlopsCalculator.DenseForwardFlops(cost);

        AssertRelative(expectedRatio, ratio, 0.005);
    }

    [Theory]
    [InlineData(0.8, 7_292_246)]
    [InlineData(0.9, 3_646_123)]
    public void Should_match_the_reference_active_weights_When_densities_are_erk(double sparsity, long expectedActive)
    {
        var cost = ReferenceWrnFixture.Cost;
        var densities = sparsity == 0.8 ? ReferenceWrnFixture.DensitiesS08 : ReferenceWrnFixture.DensitiesS09;

        var active = FlopsCalculator.ActiveWeights(cost, densities);

        // The table's densities carry 6 decimals, so each layer may be off by a few weights.
        AssertRelative(expectedActive, active, 1e-4);
        Assert.Equal(active + (ReferenceWrnFixture.TotalParams - ReferenceWrnFixture.SparsifiableWeights), FlopsCalculator.Params(cost, active));
    }

    [Fact]
    public void Should_cost_about_1_02_dense_When_three_rigl_members_train_250_epochs_at_s_0_8()
    {
        // Per example: (3 * 0.3396 * 1000 + 2 * 0.3396 + 1) / 1001 = 1.0195 f_D; 3 members over 3 f_D dense: ~1.02.
        var cost = ReferenceWrnFixture.Cost;
        var fD = FlopsCalculator.DenseForwardFlops(cost);
        var fS = FlopsCalculator.SparseForwardFlops(cost, ReferenceWrnFixture.DensitiesS08);
        var dense = FlopsCalculator.TrainingFlops(FlopsCalculator.DenseTrainingFlopsPerExample(fD), 250, CifarTrainExamples);
        var member = FlopsCalculator.TrainingFlops(
            FlopsCalculator.SparseTrainingFlopsPerExample(RegrowthCost.DenseGradientAtUpdates, fS, fD, updateInterval: 1000),
            250,
            CifarTrainExamples);

        AssertRelative(1.02, 3 * member / dense, 0.02);
    }

    [Fact]
    public void Should_cost_about_0_61_dense_When_edst_trains_one_450_epoch_run_at_s_0_8()
    {
        // 1.0195 f_D per example * 450 epochs / (3 f_D * 250 epochs) = 0.612.
        var cost = ReferenceWrnFixture.Cost;
        var fD = FlopsCalculator.DenseForwardFlops(cost);
        var fS = FlopsCalculator.SparseForwardFlops(cost, ReferenceWrnFixture.DensitiesS08);
        var dense = FlopsCalculator.TrainingFlops(FlopsCalculator.DenseTrainingFlopsPerExample(fD), 250, CifarTrainExamples);
        var edst = FlopsCalculator.TrainingFlops(
            FlopsCalculator.SparseTrainingFlopsPerExample(RegrowthCost.DenseGradientAtUpdates, fS, fD, updateInterval: 1000),
            450,
            CifarTrainExamples);

        AssertRelative(0.61, edst / dense, 0.02);
    }

    [Theory]
    [InlineData(RegrowthCost.SparseOnly, 3.0)] // 3 f_S
    [InlineData(RegrowthCost.DenseGradientAtUpdates, 3.75)] // (3*1*3 + 2*1 + 4) / (3 + 1) = 15/4
    [InlineData(RegrowthCost.DenseGradientEveryStep, 6.0)] // 2*1 + 4
    public void Should_apply_the_rigl_convention_When_costing_a_training_example(RegrowthCost regrowthCost, double expected)
    {
        Assert.Equal(expected, FlopsCalculator.SparseTrainingFlopsPerExample(regrowthCost, sparseForwardFlops: 1, denseForwardFlops: 4, updateInterval: 3), 12);
        Assert.Equal(12.0, FlopsCalculator.DenseTrainingFlopsPerExample(4));
    }

    [Fact]
    public void Should_scale_sparse_layers_only_When_a_dense_layer_is_present()
    {
        // Sparse layer: 100 MACs at density 0.25 = 25; dense layer 10 MACs in full. f_S = 2 * 35, f_D = 2 * 110.
        var cost = new ModelCost(
            [new LayerCost("a.weight", [10, 10], 100, 100)],
            [new LayerCost("b.weight", [10, 1], 10, 10)],
            DenseParams: 20);
        var densities = new Dictionary<string, double> { ["a.weight"] = 0.25 };

        Assert.Equal(70.0, FlopsCalculator.SparseForwardFlops(cost, densities));
        Assert.Equal(220.0, FlopsCalculator.DenseForwardFlops(cost));
        Assert.Equal(25, FlopsCalculator.ActiveWeights(cost, densities));
        Assert.Equal(45, FlopsCalculator.Params(cost, 25));
        Assert.Equal(140.0 + 70.0, FlopsCalculator.EnsembleInferenceFlops([140.0, 70.0]));
        Assert.Equal(3.0 * 10 * 100, FlopsCalculator.TrainingFlops(3.0, 10, 100));
        Assert.Throws<ArgumentException>(() => FlopsCalculator.SparseForwardFlops(cost, new Dictionary<string, double>()));
    }
}
