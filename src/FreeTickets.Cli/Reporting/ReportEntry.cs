using FreeTickets.Core.Results;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>
/// One method at one sparsity with one pruning criterion, regrowth rule and execution mode (a leaderboard row): how
/// charts name and draw it.
/// </summary>
internal sealed record ReportEntry(
    string Method, double Sparsity, string Plugins, string Execution, string Label, Color Color, MarkerShape Marker, LinePattern Pattern, string PatternName)
{
    /// <summary>"magnitude+gradient" for a sparse row, "" for a dense one.</summary>
    public static string PluginsOf(string prune, string regrow) => prune.Length + regrow.Length == 0 ? "" : $"{prune}+{regrow}";

    /// <summary>Whether a leaderboard row belongs to this entry.</summary>
    public bool Matches(LeaderboardRow row) => Matches(row.Method, row.Sparsity, PluginsOf(row.Prune, row.Regrow), row.Execution);

    /// <summary>Whether a cell belongs to this entry.</summary>
    public bool Matches(RunRow run) => Matches(run.Method, run.Sparsity, PluginsOf(run.Prune, run.Regrow), run.Execution);

    private bool Matches(string method, double sparsity, string plugins, string execution) =>
        method == Method && sparsity == Sparsity && plugins == Plugins && execution == Execution;
}
