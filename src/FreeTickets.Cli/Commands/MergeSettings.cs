using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>
/// Options of <c>merge</c>. Not <see cref="CommonSettings"/>: here <c>--config</c> has no default, because records carry
/// everything the tables need and the config only adds a check.
/// </summary>
public sealed class MergeSettings : CommandSettings
{
    /// <summary>Results folders to merge.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("One or more results folders (each with cells/), e.g. the --out folders of the shards.")]
    public string[] Dirs { get; init; } = [];

    /// <summary>Output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Folder that receives the union of the records and the rebuilt tables. Default: the first DIR")]
    public string? Out { get; init; }

    /// <summary>Optional config to check the records against.</summary>
    [CommandOption("--config <FILE>")]
    [Description("Also check every record against this config's matrix (same cells, current config hashes) and exit 1 when cells are missing. Default: none; the records alone decide.")]
    public string? Config { get; init; }

    /// <summary>Print stack traces with errors.</summary>
    [CommandOption("--verbose")]
    [Description("Print stack traces with errors.")]
    public bool Verbose { get; init; }
}
