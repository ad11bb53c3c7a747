using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>One method at one sparsity (a leaderboard row): how charts name and draw it.</summary>
internal sealed record ReportEntry(string Method, double Sparsity, string Label, Color Color, MarkerShape Marker, LinePattern Pattern, string PatternName)
{
    /// <summary>Whether the rows of a table belong to this entry.</summary>
    public bool Matches(string method, double sparsity) => method == Method && sparsity == Sparsity;
}
