namespace FreeTickets.Core.Results;

/// <summary>Everything a finished cell produced; one JSON file under <c>cells/</c>. Leaderboards derive from these.</summary>
public sealed record CellRecord(RunRow Run, IReadOnlyList<MemberRow> Members, IReadOnlyList<CurveRow> Curves)
{
    /// <summary>Reliability bins, pairwise disagreement and per-layer densities; null in failed cells and in records written before they were kept.</summary>
    public CellDiagnostics? Diagnostics { get; init; }

    /// <summary>The ensemble on each OoD and corrupted set (robustness.csv); empty when none is configured or in older records.</summary>
    public IReadOnlyList<RobustnessRow> Robustness { get; init; } = [];
}
