using FreeTickets.Cli.Tests.Commands;

namespace FreeTickets.Cli.Tests.Reporting;

/// <summary>Report tests share one smoke run (its cell records carry the diagnostics the report draws).</summary>
[CollectionDefinition(Name)]
public sealed class ReportSmokeCollection : ICollectionFixture<SmokeRunFixture>
{
    public const string Name = "report-smoke";
}
