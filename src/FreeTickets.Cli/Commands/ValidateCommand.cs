using FreeTickets.Core;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>validate</c> (its engine is not built yet).</summary>
public sealed class ValidateCommand : Command<PluginSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, PluginSettings settings, CancellationToken cancellationToken) =>
        throw new BadInputException("'validate' is not available yet: its engine lands with the sparse-training engine issue");
}
