using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>
/// The scalar part of a cell checkpoint (the tensors travel beside it): where the method stands, the members it has
/// finished and the state of the run in flight.
/// </summary>
internal sealed record CheckpointHeader(
    int Version,
    string CellId,
    string ConfigHash,
    string Device,
    int Threads,
    double CellSeconds,
    int RunIndex,
    int NextEpoch,
    IReadOnlyList<CompletedMemberHeader> Completed,
    IReadOnlyList<EpochStats> CompletedCurves,
    RunStateHeader Run)
{
    // 2: completed members record their seed (members no longer train with seed s + i).
    public const int CurrentVersion = 3;
}

/// <summary>A finished member (its test probabilities are the tensor <c>completed/{Index}/probabilities</c>).</summary>
internal sealed record CompletedMemberHeader(
    int Index,
    long Seed,
    long ActiveWeights,
    long SparsifiableWeights,
    IReadOnlyDictionary<string, double> Densities,
    int Epochs,
    int TopologyUpdates,
    int SelectedEpoch,
    InferenceTiming? Inference = null);

/// <summary>Counters, best-validation bookkeeping and curves of the run in flight.</summary>
internal sealed record RunStateHeader(
    long Step,
    int TopologyUpdates,
    int SelectedEpoch,
    bool HasBest,
    double BestAccuracy,
    int BestEpoch,
    double RunSeconds,
    IReadOnlyList<EpochStats> Curves);
