using FreeTickets.Core.Metrics;

namespace FreeTickets.Core.Results;

/// <summary>
/// What a finished cell measured beyond its CSV rows, kept only in its JSON record (for <c>report</c>):
/// <see cref="Reliability"/> is the ensemble's reliability diagram on the test set (the bins of its ECE);
/// <see cref="PairwiseDisagreement"/> the M x M disagreement of its members (see <see cref="PairwiseDisagreementCalculator"/>);
/// <see cref="Layers"/> the per-layer densities of its members (all members share them: topology updates keep each
/// layer's count, and every member starts from the same distribution).
/// </summary>
public sealed record CellDiagnostics(
    IReadOnlyList<ReliabilityBin> Reliability,
    IReadOnlyList<IReadOnlyList<double>> PairwiseDisagreement,
    IReadOnlyList<LayerDensity> Layers);
