namespace FreeTickets.Core.Metrics;

/// <summary>
/// Classification metrics over <paramref name="Count"/> examples (docs/architecture.md#metrics): accuracy, mean negative
/// log-likelihood over all examples, expected calibration error over <see cref="ReliabilityBins"/>, and Brier score
/// (mean over examples of the squared distance to the one-hot label, summed over classes; range [0, 2]).
/// </summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double Nll,
    double Ece,
    double Brier,
    long Count,
    IReadOnlyList<ReliabilityBin> ReliabilityBins);
