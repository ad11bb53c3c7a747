namespace FreeTickets.Cli.Reporting;

/// <summary>A chart the report wrote: its file name (inside the charts folder), pixel size, heading and caption.</summary>
internal sealed record ChartFile(string FileName, int Width, int Height, string Heading, string Caption);
