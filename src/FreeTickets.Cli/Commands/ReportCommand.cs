using FreeTickets.Cli.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>report</c>: charts (PNG) and a Markdown report of a results folder.</summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var result = ReportWriter.Write(settings.Folder, settings.Out, cancellationToken);
        foreach (var chart in result.Charts)
        {
            console.WriteLine($"chart {Path.Combine(result.ChartsFolder, chart.FileName)} ({chart.Width}x{chart.Height})");
        }

        foreach (var line in result.Missing)
        {
            console.WriteLine($"not drawn: {line}");
        }

        console.WriteLine($"report: {result.MarkdownPath} ({result.Charts.Count} chart(s))");
        return ExitCodes.Ok;
    }
}
