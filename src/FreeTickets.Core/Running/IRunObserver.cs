using FreeTickets.Core.Config;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Results;

namespace FreeTickets.Core.Running;

/// <summary>
/// Progress of a matrix run. Core never writes to the console: the CLI renders these events. The member and epoch events
/// come from <see cref="IMethodObserver"/>, which the methods see.
/// </summary>
public interface IRunObserver : IMethodObserver
{
    /// <summary>The run starts: <paramref name="toRun"/> of the (shard's) <paramref name="cells"/> need training, in this order.</summary>
    void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun);

    /// <summary>A one-line message (data download, dataset loading...).</summary>
    void OnMessage(string message);

    /// <summary>A cell was skipped because its record exists with the same config hash.</summary>
    void OnCellSkipped(CellSpec cell);

    /// <summary>A cell starts training.</summary>
    void OnCellStart(CellSpec cell, int index, int toRun);

    /// <summary>A cell finished (ok, diverged or failed) and its record was written.</summary>
    void OnCellEnd(CellSpec cell, RunRow row);
}
