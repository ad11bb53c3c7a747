using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of <c>schema</c>.</summary>
public sealed class SchemaSettings : CommandSettings
{
    /// <summary>Where to write the schema (standard output when absent).</summary>
    [CommandOption("--out <FILE>")]
    [Description("Write the schema to FILE (atomically) instead of standard output.")]
    public string? Out { get; init; }
}
