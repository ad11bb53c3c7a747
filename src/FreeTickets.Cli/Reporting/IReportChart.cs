namespace FreeTickets.Cli.Reporting;

/// <summary>One kind of chart of a dataset x architecture group.</summary>
internal interface IReportChart
{
    /// <summary>Section heading in report.md.</summary>
    string Heading { get; }

    /// <summary>Why the chart cannot be drawn for this group (data not persisted, nothing to compare), or null when it can.</summary>
    string? Missing(ReportGroup group);

    /// <summary>Renders the chart into <paramref name="folder"/>; only called when <see cref="Missing"/> is null.</summary>
    ChartFile Render(ReportGroup group, string folder);
}
