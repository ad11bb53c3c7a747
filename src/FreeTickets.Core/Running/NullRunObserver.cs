using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Training;

namespace FreeTickets.Core.Running;

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    /// <summary>The shared instance.</summary>
    public static NullRunObserver Instance { get; } = new();

    /// <inheritdoc />
    public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun)
    {
    }

    /// <inheritdoc />
    public void OnMessage(string message)
    {
    }

    /// <inheritdoc />
    public void OnCellSkipped(CellSpec cell)
    {
    }

    /// <inheritdoc />
    public void OnCellStart(CellSpec cell, int index, int toRun)
    {
    }

    /// <inheritdoc />
    public void OnMember(CellSpec cell, int member, int members)
    {
    }

    /// <inheritdoc />
    public void OnEpoch(CellSpec cell, EpochStats stats)
    {
    }

    /// <inheritdoc />
    public void OnCellEnd(CellSpec cell, RunRow row)
    {
    }
}
