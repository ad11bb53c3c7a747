using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>validate</c>: every config error at once (structure, types, ranges, plugin names).</summary>
public sealed class ValidateCommand(IAnsiConsole console) : Command<PluginSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, PluginSettings settings, CancellationToken cancellationToken)
    {
        // Plugin names are checked in the same pass as everything else, so one run lists every mistake.
        var (config, errors) = BenchmarkConfigLoader.Read(ConfigFiles.Existing(settings.ConfigPath), pluginPaths =>
        {
            TorchRuntime.Initialize(threads: null);
            return PluginRoots.Discover(settings, pluginPaths);
        });
        foreach (var error in errors)
        {
            console.WriteLine("error: " + error);
        }

        if (errors.Count > 0)
        {
            throw new BadInputException($"{settings.ConfigPath}: {errors.Count} error(s)");
        }

        console.WriteLine($"{config!.Path}: ok ({config.Matrices.Count} matrices: {string.Join(", ", config.Matrices.Keys)})");
        return ExitCodes.Ok;
    }
}
