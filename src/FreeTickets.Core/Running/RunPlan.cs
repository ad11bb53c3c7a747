using FreeTickets.Core.Config;

namespace FreeTickets.Core.Running;

/// <summary>What a run would do with one cell (<see cref="MatrixRunner.Plan"/>).</summary>
public enum PlannedAction
{
    /// <summary>Trained: no record of this cell and configuration in the output folder, or --force.</summary>
    Train,

    /// <summary>Skipped: its record is in the output folder (resume).</summary>
    AlreadyFinished,

    /// <summary>Recorded as failed without training: a plugin it needs did not load.</summary>
    Fails,
}

/// <summary>One cell of a <see cref="RunPlan"/>.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Action">What the run would do with it.</param>
/// <param name="Reason">Why it would fail (<see cref="PlannedAction.Fails"/>), else null.</param>
public sealed record PlannedCell(CellSpec Cell, PlannedAction Action, string? Reason);

/// <summary>The cells a run would visit, in its order, and the folder it would write.</summary>
/// <param name="Cells">The shard's cells in run order.</param>
/// <param name="OutputDir">The results folder.</param>
public sealed record RunPlan(IReadOnlyList<PlannedCell> Cells, string OutputDir)
{
    /// <summary>Cells with the given action.</summary>
    public int Count(PlannedAction action) => Cells.Count(c => c.Action == action);
}
