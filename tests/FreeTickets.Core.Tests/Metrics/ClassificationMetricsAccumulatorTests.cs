using FreeTickets.Core.Metrics;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Metrics;

public sealed class ClassificationMetricsAccumulatorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(50)]
    public void Should_equal_the_one_shot_result_When_predictions_are_streamed_in_batches(int batchSize)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(42);
        var probabilities = randn(new long[] { 50, 5 }, dtype: float32, generator: generator).mul(3).softmax(1);
        var labels = randint(5, new long[] { 50 }, dtype: int64, generator: generator);

        var oneShot = ClassificationMetricsCalculator.Compute(probabilities, labels);
        var accumulator = new ClassificationMetricsAccumulator();
        for (long start = 0; start < 50; start += batchSize)
        {
            var length = Math.Min(batchSize, 50 - start);
            accumulator.Add(probabilities.narrow(0, start, length), labels.narrow(0, start, length));
        }

        var streamed = accumulator.Result();

        Assert.Equal(50, accumulator.Count);
        Assert.Equal(oneShot.Count, streamed.Count);
        Assert.Equal(oneShot.Accuracy, streamed.Accuracy, 1e-12);
        Assert.Equal(oneShot.Nll, streamed.Nll, 1e-12);
        Assert.Equal(oneShot.Ece, streamed.Ece, 1e-12);
        Assert.Equal(oneShot.Brier, streamed.Brier, 1e-12);
        Assert.Equal(oneShot.ReliabilityBins.Select(b => b.Count), streamed.ReliabilityBins.Select(b => b.Count));
    }

    [Fact]
    public void Should_reject_a_batch_When_its_class_count_differs_from_earlier_batches()
    {
        using var first = ones(2, 3).div(3);
        using var second = ones(2, 4).div(4);
        using var labels = zeros(2, dtype: int64);
        var accumulator = new ClassificationMetricsAccumulator();
        accumulator.Add(first, labels);

        Assert.Throws<ArgumentException>(() => accumulator.Add(second, labels));
    }
}
