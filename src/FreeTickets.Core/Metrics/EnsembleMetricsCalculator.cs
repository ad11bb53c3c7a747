using static TorchSharp.torch;

namespace FreeTickets.Core.Metrics;

/// <summary>One-shot <see cref="EnsembleMetrics"/> of members' predictions on the same examples.</summary>
public static class EnsembleMetricsCalculator
{
    /// <summary>
    /// Diversity of <paramref name="memberProbabilities"/> (one [N, C] tensor per member, same examples in the same
    /// order). See <see cref="EnsembleMetricsAccumulator"/> for the definitions.
    /// </summary>
    public static EnsembleMetrics Compute(IReadOnlyList<Tensor> memberProbabilities)
    {
        var accumulator = new EnsembleMetricsAccumulator();
        accumulator.Add(memberProbabilities);
        return accumulator.Result();
    }
}
