using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of <c>report</c>.</summary>
public sealed class ReportSettings : CommandSettings
{
    /// <summary>The results folder.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("Results folder written by 'run' or 'merge' (leaderboard.csv, runs.csv, members.csv, curves.csv, optional cells/).")]
    public string Folder { get; init; } = "";

    /// <summary>Where report.md and report/ go.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Folder for report.md and its charts folder report/ (replaced whole). Default: DIR")]
    public string? Out { get; init; }

    /// <summary>Print stack traces with errors.</summary>
    [CommandOption("--verbose")]
    [Description("Print stack traces with errors.")]
    public bool Verbose { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Folder) ? ValidationResult.Error("DIR: give a results folder, e.g. results/ci") : ValidationResult.Success();
}
