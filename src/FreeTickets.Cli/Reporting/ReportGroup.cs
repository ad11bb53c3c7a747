using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Reporting;

/// <summary>The rows of one dataset x architecture: the unit every chart and table of the report covers.</summary>
internal sealed record ReportGroup(
    string Dataset,
    string Architecture,
    IReadOnlyList<LeaderboardRow> Rows,
    IReadOnlyList<RunRow> Runs,
    IReadOnlyList<MemberRow> Members,
    IReadOnlyList<CurveRow> Curves,
    IReadOnlyList<CellRecord> Cells,
    IReadOnlyList<ReportEntry> Entries)
{
    private readonly Dictionary<string, RunRow> _runsById = Runs.DistinctBy(r => r.CellId).ToDictionary(r => r.CellId);

    /// <summary>"mnist / mlp-300-100".</summary>
    public string Title => $"{Dataset} / {Architecture}";

    /// <summary>File-name prefix: "mnist_mlp-300-100".</summary>
    public string Slug => string.Concat($"{Dataset}_{Architecture}".Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));

    /// <summary>The leaderboard row of an entry.</summary>
    public LeaderboardRow Row(ReportEntry entry) => Rows.First(entry.Matches);

    /// <summary>Whether the cell <paramref name="cellId"/> belongs to an entry.</summary>
    public bool Matches(ReportEntry entry, string cellId) => _runsById.TryGetValue(cellId, out var run) && entry.Matches(run);

    /// <summary>Finished cells of an entry that carry diagnostics, by seed.</summary>
    public IReadOnlyList<CellDiagnostics> Diagnostics(ReportEntry entry) =>
        [.. Cells.Where(c => c.Run.Status == CellStatus.Ok && entry.Matches(c.Run) && c.Diagnostics is not null)
            .OrderBy(c => c.Run.Seed).Select(c => c.Diagnostics!)];

    /// <summary>Splits a folder's tables by dataset and architecture, in leaderboard order.</summary>
    public static IReadOnlyList<ReportGroup> Split(ReportInput input)
    {
        var runsById = input.Runs.DistinctBy(r => r.CellId).ToDictionary(r => r.CellId);
        return [.. input.Leaderboard
            .Select(r => (r.Dataset, r.Architecture))
            .Distinct()
            .Select(key =>
            {
                bool InGroup(string cellId) => runsById.TryGetValue(cellId, out var run) && run.Dataset == key.Dataset && run.Architecture == key.Architecture;
                var leaderboard = input.Leaderboard.Where(r => r.Dataset == key.Dataset && r.Architecture == key.Architecture).ToList();
                return new ReportGroup(
                    key.Dataset,
                    key.Architecture,
                    leaderboard,
                    [.. input.Runs.Where(r => InGroup(r.CellId))],
                    [.. input.Members.Where(m => InGroup(m.CellId))],
                    [.. input.Curves.Where(c => InGroup(c.CellId))],
                    [.. input.Cells.Where(c => InGroup(c.Run.CellId))],
                    MethodStyles.Entries(leaderboard.Select(r => (r.Method, r.Sparsity, ReportEntry.PluginsOf(r.Prune, r.Regrow), r.Execution))));
            })];
    }
}
