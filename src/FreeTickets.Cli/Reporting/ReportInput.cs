using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Reporting;

/// <summary>A results folder as <c>report</c> reads it: the four CSV tables and the cell records (which may be absent).</summary>
internal sealed record ReportInput(
    string Folder,
    IReadOnlyList<LeaderboardRow> Leaderboard,
    IReadOnlyList<RunRow> Runs,
    IReadOnlyList<MemberRow> Members,
    IReadOnlyList<CurveRow> Curves,
    IReadOnlyList<CellRecord> Cells);
