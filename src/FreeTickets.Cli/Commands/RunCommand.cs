using FreeTickets.Core;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>run</c> (its engine is not built yet).</summary>
public sealed class RunCommand : Command<PluginSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, PluginSettings settings, CancellationToken cancellationToken) =>
        throw new BadInputException("'run' is not available yet: its engine lands with the sparse-training engine issue");
}
