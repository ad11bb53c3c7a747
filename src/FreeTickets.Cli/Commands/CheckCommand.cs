using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>check</c>: a fresh leaderboard versus the committed one; exit 1 on drift.</summary>
public sealed class CheckCommand(IAnsiConsole console) : Command<CheckSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CheckSettings settings, CancellationToken cancellationToken)
    {
        // A fresh run needs the config: a mistake in it is reported first, whatever else is missing.
        var config = settings.Fresh is null ? BenchmarkConfigLoader.Load(ConfigFiles.Existing(settings.ConfigPath)) : null;
        var matrix = config?.Matrix(settings.Matrix);
        var against = settings.Against ?? DefaultResultsFolder.For(settings.Matrix);
        var committedPath = Path.Combine(against, "leaderboard.csv");
        if (!File.Exists(committedPath))
        {
            throw new BadInputException($"{committedPath}: no committed leaderboard to check against");
        }

        var committed = ResultTables.ReadCsv<LeaderboardRow>(committedPath);
        var freshDir = settings.Fresh;
        string? temp = null;
        if (config is not null && matrix is not null)
        {
            TorchRuntime.Initialize(settings.Threads ?? committed.Select(r => (int?)r.Threads).FirstOrDefault());
            var catalog = PluginRoots.Discover(settings, config.PluginPaths);
            temp = freshDir = Directory.CreateTempSubdirectory("freetickets-check-").FullName;
            var device = TorchRuntime.SelectDevice("cpu");
            console.WriteLine($"check: running matrix {matrix.Name} into {freshDir} with {TorchRuntime.Threads} thread(s)");
            try
            {
                new MatrixRunner(catalog, ProvenanceFactory.Create(device), new PlainRunObserver(console, quiet: true))
                    .Run(matrix, new RunOptions(freshDir, "cpu", DataRoot: settings.DataRoot), cancellationToken);
            }
            catch (Exception ex) when (ex is BadInputException or PluginResolutionException)
            {
                // Bad input ends the run (before the first cell, but for a full disk): nothing in the temporary folder is worth keeping.
                Directory.Delete(temp, recursive: true);
                throw;
            }
        }

        // Set: either --fresh was given or the config was loaded and the run above filled the temporary folder.
        var freshPath = Path.Combine(freshDir!, "leaderboard.csv");
        if (!File.Exists(freshPath))
        {
            throw new BadInputException($"{freshPath}: no fresh leaderboard (run the matrix with --out {freshDir} first)");
        }

        var drift = LeaderboardComparer.Compare(committed, ResultTables.ReadCsv<LeaderboardRow>(freshPath));
        if (temp is not null)
        {
            console.WriteLine($"fresh results kept in {temp}");
        }

        if (drift.Count > 0)
        {
            foreach (var line in drift)
            {
                console.WriteLine("drift: " + line);
            }

            throw new CheckFailedException($"leaderboard of {settings.Matrix} drifted: {drift.Count} difference(s) against {committedPath}");
        }

        console.WriteLine($"check: {committed.Count} leaderboard rows match {committedPath}");
        return ExitCodes.Ok;
    }
}
