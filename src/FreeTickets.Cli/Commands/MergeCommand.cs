using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>
/// <c>merge</c>: unions the cell records of shard folders into one folder and rebuilds its tables. Without
/// <c>--config</c> the records alone decide; with it every record must match the config's current matrix, and missing
/// cells make the exit code 1 (the tables are still written).
/// </summary>
public sealed class MergeCommand(IAnsiConsole console) : Command<MergeSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MergeSettings settings, CancellationToken cancellationToken)
    {
        var config = settings.Config is null ? null : BenchmarkConfigLoader.Load(ConfigFiles.Existing(settings.Config));
        var summary = ResultsMerger.Merge(settings.Dirs, settings.Out ?? settings.Dirs[0], config);
        foreach (var (folder, records) in summary.RecordsByFolder)
        {
            console.WriteLine($"  {folder}: {records} record(s)");
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"merge: {summary.Records} cell record(s) of matrix {summary.Matrix} in {summary.OutputDir} ({summary.Added} copied in, {summary.Duplicates} duplicate(s) skipped)"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {string.Join(", ", ResultTables.FileNames)} ({summary.LeaderboardRows} leaderboard row(s))"));
        if (summary.Provenances.Count > 1)
        {
            console.WriteLine($"note: the records come from {summary.Provenances.Count} setups ({string.Join("; ", summary.Provenances)}); leaderboard rows show the first");
        }

        if (summary.ExpectedCells is not { } expected)
        {
            return ExitCodes.Ok;
        }

        if (summary.MissingCells.Count == 0)
        {
            console.WriteLine($"all {expected} cell(s) of matrix {summary.Matrix} in {config!.Path} are present");
            return ExitCodes.Ok;
        }

        foreach (var cell in summary.MissingCells)
        {
            console.WriteLine($"missing: {cell}");
        }

        throw new CheckFailedException($"{summary.MissingCells.Count} of {expected} cell(s) of matrix {summary.Matrix} are missing (tables written from the {summary.Records} present)");
    }
}
