using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of <c>check</c>.</summary>
public sealed class CheckSettings : MatrixSettings
{
    /// <summary>Committed results.</summary>
    [CommandOption("--against <DIR>")]
    [Description("Committed results folder to compare with. Default: results/<matrix>")]
    public string? Against { get; init; }

    /// <summary>Fresh results.</summary>
    [CommandOption("--fresh <DIR>")]
    [Description("Results of a fresh run to compare. Default: run the matrix now into a temporary folder, with the committed thread count.")]
    public string? Fresh { get; init; }

    /// <summary>Dataset root.</summary>
    [CommandOption("--data-root <DIR>")]
    [Description("Dataset root for the fresh run.")]
    public string? DataRoot { get; init; }
}
