using FreeTickets.Abstractions;
using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
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
        var (config, errors) = BenchmarkConfigLoader.Read(settings.ConfigPath);
        var all = errors.ToList();
        if (config is not null)
        {
            TorchRuntime.Initialize(threads: null);
            var catalog = PluginRoots.Discover(settings, config.PluginPaths);
            foreach (var matrix in config.Matrices.Values)
            {
                void Check(PluginKind kind, string name, string field)
                {
                    try
                    {
                        _ = catalog.Resolve<IPlugin>(kind, name);
                    }
                    catch (PluginResolutionException ex)
                    {
                        all.Add($"{config.Path}: matrices.{matrix.Name}.{field}: {ex.Message}");
                    }
                }

                matrix.Datasets.ToList().ForEach(d => Check(PluginKind.Dataset, d, "datasets"));
                matrix.Architectures.ToList().ForEach(a => Check(PluginKind.Architecture, a, "architectures"));
                foreach (var (method, s) in matrix.SettingsByMethod.Where(kv => MethodNames.IsSparse(kv.Key)))
                {
                    Check(PluginKind.Pruning, s.Sparse.Prune, $"sparse.prune ({method})");
                    Check(PluginKind.Regrowth, s.Sparse.Regrow, $"sparse.regrow ({method})");
                }
            }
        }

        foreach (var error in all.Distinct())
        {
            console.WriteLine("error: " + error);
        }

        if (all.Count > 0)
        {
            throw new BadInputException($"{settings.ConfigPath}: {all.Distinct().Count()} error(s)");
        }

        console.WriteLine($"{config!.Path}: ok ({config.Matrices.Count} matrices: {string.Join(", ", config.Matrices.Keys)})");
        return ExitCodes.Ok;
    }
}
