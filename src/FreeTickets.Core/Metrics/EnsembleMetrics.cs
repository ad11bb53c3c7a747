namespace FreeTickets.Core.Metrics;

/// <summary>
/// Diversity of an ensemble's members (docs/architecture.md#metrics): <paramref name="Disagreement"/> is the mean over
/// unordered member pairs of the fraction of examples whose argmax differs; <paramref name="PairwiseKl"/> the mean over
/// ordered pairs (i != j) of the mean over examples of KL(p_i || p_j), in nats. Both are 0 for a single member.
/// </summary>
public sealed record EnsembleMetrics(double Disagreement, double PairwiseKl);
