using System.ComponentModel;
using FreeTickets.Core.Config;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of commands that work on one matrix.</summary>
public class MatrixSettings : PluginSettings
{
    /// <summary>Matrix name.</summary>
    [CommandOption("--matrix <NAME>")]
    [Description("Matrix of the config to use. Default: ci")]
    [DefaultValue("ci")]
    public string Matrix { get; init; } = "ci";

    /// <summary>Intra-op threads.</summary>
    [CommandOption("--threads <N>")]
    [Description("Torch intra-op threads. Default: libtorch's (one per core). Results are bit-identical only for the same count; on a busy machine use fewer threads than cores.")]
    public int? Threads { get; init; }

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate() =>
        ConfigNames.Check("matrix", Matrix) is { } bad
            ? Spectre.Console.ValidationResult.Error($"--matrix: {bad}")
            : base.Validate();
}
