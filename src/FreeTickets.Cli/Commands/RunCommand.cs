using FreeTickets.Cli.Sharding;
using FreeTickets.Core.Config;
using FreeTickets.Core.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>run</c>: trains every cell of a matrix and writes its leaderboards.</summary>
public sealed class RunCommand(IAnsiConsole console, Interruption interruption) : Command<RunSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var config = BenchmarkConfigLoader.Load(ConfigFiles.Existing(settings.ConfigPath));
        var matrix = config.Matrix(settings.Matrix);
        var shard = ShardResolver.Resolve(settings.Shard, settings.ShardCount, Environment.GetEnvironmentVariables());
        if (shard.Source != ShardSource.None)
        {
            console.WriteLine(shard.Describe());
        }

        TorchRuntime.Initialize(settings.Threads);
        if (settings.Verbose)
        {
            console.WriteLine(TorchBanner.Describe());
        }

        var catalog = PluginRoots.Discover(settings, config.PluginPaths);
        var options = new RunOptions(
            settings.Out ?? DefaultResultsFolder.For(matrix.Name), settings.Device, settings.Force, settings.DataRoot, shard.Index, shard.Count, settings.CheckpointEvery);
        var device = TorchRuntime.SelectDevice(settings.Device);
        var provenance = ProvenanceFactory.Create(device);
        if (settings.DryRun)
        {
            return DryRun(new MatrixRunner(catalog, provenance, new PlainRunObserver(console, quiet: true)).Plan(matrix, options));
        }

        RunSummary summary;
        List<(CellSpec Cell, Core.Results.RunRow Row)> finished;
        if (UseLiveView(settings))
        {
            LiveRunObserver? live = null;
            summary = LiveRunObserver.Show(console, settings.Verbose, observer =>
            {
                live = observer;
                return new MatrixRunner(catalog, provenance, observer).Run(matrix, options, cancellationToken, interruption.AfterEpoch);
            });
            finished = live!.Finished;
        }
        else
        {
            var plain = new PlainRunObserver(console, settings.Quiet);
            summary = new MatrixRunner(catalog, provenance, plain).Run(matrix, options, cancellationToken, interruption.AfterEpoch);
            finished = plain.Finished;
        }

        if (finished.Count > 0)
        {
            console.Write(RunResultText.Summary(finished));
        }

        console.WriteLine(
            $"done: {summary.Ran} cell(s) trained, {summary.Skipped} already finished, {summary.Diverged} diverged, {summary.Failed} failed; results in {summary.OutputDir}");
        return summary.Failed > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
    }

    private int DryRun(RunPlan plan)
    {
        foreach (var (cell, action, reason) in plan.Cells)
        {
            var what = action switch
            {
                PlannedAction.Train => "train",
                PlannedAction.AlreadyFinished => "finished",
                _ => "fails",
            };
            console.WriteLine(reason is null ? $"{what,-9} {cell.Id}" : $"{what,-9} {cell.Id}: {reason}");
        }

        console.WriteLine(
            $"dry run: {plan.Count(PlannedAction.Train)} cell(s) to train, {plan.Count(PlannedAction.AlreadyFinished)} already finished, " +
            $"{plan.Count(PlannedAction.Fails)} would fail; nothing trained or written ({plan.OutputDir})");
        return ExitCodes.Ok;
    }

    // Bars need a terminal that understands cursor movement; logs and pipes get one line per event.
    private bool UseLiveView(RunSettings settings) =>
        !settings.Quiet && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
}
