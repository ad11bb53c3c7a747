using FreeTickets.Cli.Jobs;
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
        if (settings.Execution is { } execution)
        {
            matrix = matrix.WithExecution(execution);
        }

        var shard = ShardResolver.Resolve(settings.Shard, settings.ShardCount, Environment.GetEnvironmentVariables());
        if (settings.Worker)
        {
            return Worker(settings, config, matrix, shard, cancellationToken);
        }

        if (shard.Source != ShardSource.None)
        {
            console.WriteLine(shard.Describe());
        }

        var jobs = settings.Jobs;
        var threads = jobs > 1 ? settings.Threads ?? Math.Max(1, Environment.ProcessorCount / jobs) : settings.Threads;
        if (jobs > 1 && jobs * threads > Environment.ProcessorCount)
        {
            console.WriteLine(
                $"warning: --jobs {jobs} x --threads {threads} = {jobs * threads} threads on {Environment.ProcessorCount} core(s): oversubscribed workers run slower than fewer would (docs/performance.md)");
        }

        // A coordinator only builds models to cost them; its workers train with the threads asked for.
        TorchRuntime.Initialize(jobs > 1 ? 1 : threads);
        if (settings.Verbose)
        {
            console.WriteLine(TorchBanner.Describe());
        }

        var catalog = PluginRoots.Discover(settings, config.PluginPaths);
        var options = OptionsOf(settings, matrix, shard);
        var device = TorchRuntime.SelectDevice(settings.Device);
        var provenance = ProvenanceFactory.Create(device);
        if (settings.DryRun)
        {
            var plan = new MatrixRunner(catalog, provenance, new PlainRunObserver(console, quiet: true)).Plan(matrix, options);
            return DryRun(jobs > 1 ? InDispatchOrder(plan, catalog) : plan, jobs, threads);
        }

        Func<IRunObserver, RunSummary> run = jobs > 1
            ? observer => RunWorkers(new MatrixRunner(catalog, provenance, observer), observer, matrix, options, catalog,
                WorkerLauncher.Arguments(settings, options, threads!.Value), jobs)
            : observer => new MatrixRunner(catalog, provenance, observer).Run(matrix, options, cancellationToken, interruption.AfterEpoch);
        RunSummary summary;
        List<(CellSpec Cell, Core.Results.RunRow Row)> finished;
        IRunObserver Logged(IRunObserver observer) => settings.TensorBoard is { } logs ? new TensorBoardObserver(observer, logs) : observer;
        if (UseLiveView(settings))
        {
            LiveRunObserver? live = null;
            summary = LiveRunObserver.Show(console, settings.Verbose, observer => run(Logged(live = observer)));
            finished = live!.Finished;
        }
        else
        {
            var plain = new PlainRunObserver(console, settings.Quiet);
            summary = run(Logged(plain));
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

    private static RunOptions OptionsOf(RunSettings settings, MatrixDefinition matrix, ShardAssignment shard) =>
        new(settings.Out ?? DefaultResultsFolder.For(matrix.Name), settings.Device, settings.Force, settings.DataRoot, shard.Index, shard.Count, settings.CheckpointEvery)
        {
            SaveModels = settings.SaveModels,
        };

    // The cells a coordinator hands out (to train or to record as failed), most expensive first, then the finished ones.
    private static RunPlan InDispatchOrder(RunPlan plan, Core.Plugins.PluginCatalog catalog)
    {
        var byId = plan.Cells.ToDictionary(c => c.Cell.Id);
        var order = ScheduleOrder.MostExpensiveFirst(plan.Cells.Where(c => c.Action != PlannedAction.AlreadyFinished).Select(c => c.Cell), catalog);
        return plan with { Cells = [.. order.Select(c => byId[c.Id]), .. plan.Cells.Where(c => c.Action == PlannedAction.AlreadyFinished)] };
    }

    private RunSummary RunWorkers(
        MatrixRunner runner, IRunObserver observer, MatrixDefinition matrix, RunOptions options, Core.Plugins.PluginCatalog catalog,
        IReadOnlyList<string> workerArguments, int jobs)
    {
        var plan = InDispatchOrder(runner.Plan(matrix, options), catalog);
        var cells = plan.Cells.Select(c => c.Cell).ToList();
        var toRun = plan.Cells.Where(c => c.Action != PlannedAction.AlreadyFinished).Select(c => c.Cell).ToList();
        var (diverged, failed) = (0, 0);
        if (toRun.Count == 0)
        {
            runner.Begin(matrix, cells, toRun, options);
        }
        else
        {
            // The workers load the data (and check the output folder) first: the run is announced, and the results folder
            // touched, only once one of them has.
            (diverged, failed) = new WorkerPool(WorkerLauncher.ForThisProcess(), observer, interruption)
                .Run(toRun, options.OutputDir, jobs, workerArguments, () => runner.Begin(matrix, cells, toRun, options));
        }

        runner.Complete(matrix, options);
        return new RunSummary(cells.Count, cells.Count - toRun.Count, toRun.Count, diverged, failed, options.OutputDir);
    }

    // A worker of `run --jobs`: cells in on standard input, progress out on standard output, nothing for a terminal.
    private int Worker(RunSettings settings, BenchmarkConfig config, MatrixDefinition matrix, ShardAssignment shard, CancellationToken cancellationToken)
    {
        TorchRuntime.Initialize(settings.Threads);
        var catalog = PluginRoots.Discover(settings, config.PluginPaths);
        var provenance = ProvenanceFactory.Create(TorchRuntime.SelectDevice(settings.Device));
        var channel = new WorkerChannel(new StreamReader(Console.OpenStandardInput()), Console.Out, interruption);
        new MatrixRunner(catalog, provenance, new WorkerObserver(channel))
            .Serve(matrix, OptionsOf(settings, matrix, shard), channel.Next, cancellationToken, interruption.AfterEpoch);
        return ExitCodes.Ok;
    }

    private int DryRun(RunPlan plan, int jobs, int? threads)
    {
        if (jobs > 1)
        {
            console.WriteLine($"{jobs} workers of {threads} thread(s), handed cells most expensive first, in this order:");
        }

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
