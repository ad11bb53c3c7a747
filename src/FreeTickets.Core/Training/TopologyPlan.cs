using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Training;

/// <summary>How and when a sparse run updates its topology.</summary>
/// <param name="Topology">Masks of the run.</param>
/// <param name="Prune">Pruning criterion.</param>
/// <param name="Regrow">Regrowth rule.</param>
/// <param name="UpdateInterval">Delta T in iterations.</param>
/// <param name="DropSchedule">Drop fraction per step.</param>
/// <param name="CellSeed">Seed from which update generators derive.</param>
public sealed record TopologyPlan(
    SparseTopology Topology,
    IPruningCriterion Prune,
    IRegrowthRule Regrow,
    int UpdateInterval,
    IDropSchedule DropSchedule,
    ulong CellSeed)
{
    /// <summary>
    /// Whether SGD's momentum buffers stay dense (<see cref="RegrownMomentum.Keep"/>): inactive weights keep accumulating
    /// momentum and regrown ones inherit it, as the released FreeTickets code does. By default they are masked.
    /// </summary>
    public bool KeepInactiveMomentum { get; init; }
}
