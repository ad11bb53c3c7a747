using static TorchSharp.torch;

namespace FreeTickets.Core.Metrics;

/// <summary>One-shot <see cref="ClassificationMetrics"/> of a whole prediction set.</summary>
public static class ClassificationMetricsCalculator
{
    /// <summary>The number of confidence bins of the paper's ECE (the original code used 14 by mistake).</summary>
    public const int DefaultEceBins = 15;

    /// <summary>
    /// Metrics of <paramref name="probabilities"/> ([N, C], rows summing to 1) against <paramref name="labels"/>
    /// (integer class indices, [N]). See <see cref="ClassificationMetricsAccumulator"/> for the definitions.
    /// </summary>
    public static ClassificationMetrics Compute(Tensor probabilities, Tensor labels, int eceBins = DefaultEceBins)
    {
        // One code path for one-shot and streamed evaluation, so the two cannot drift apart.
        var accumulator = new ClassificationMetricsAccumulator(eceBins);
        accumulator.Add(probabilities, labels);
        return accumulator.Result();
    }
}
