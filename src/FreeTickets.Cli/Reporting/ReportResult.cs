namespace FreeTickets.Cli.Reporting;

/// <summary>What <see cref="ReportWriter"/> wrote: report.md, its charts folder, the charts, and the charts it could not draw (with why).</summary>
internal sealed record ReportResult(string MarkdownPath, string ChartsFolder, IReadOnlyList<ChartFile> Charts, IReadOnlyList<string> Missing);
