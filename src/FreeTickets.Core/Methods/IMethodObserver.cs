using FreeTickets.Core.Config;
using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>
/// Progress of a method inside one cell: which member (or EDST ticket phase) trains and each finished epoch. The
/// matrix-level events (cells starting, skipped and finished) belong to the runner's <c>IRunObserver</c>, which extends this.
/// </summary>
public interface IMethodObserver
{
    /// <summary>A member (or EDST ticket phase) starts.</summary>
    void OnMember(CellSpec cell, int member, int members);

    /// <summary>An epoch finished.</summary>
    void OnEpoch(CellSpec cell, EpochStats stats);

    /// <summary>A topology update of training run <paramref name="run"/> (member, or 0 for EDST's one run) happened.</summary>
    void OnTopologyUpdate(CellSpec cell, int run, TopologyUpdate update)
    {
    }
}
