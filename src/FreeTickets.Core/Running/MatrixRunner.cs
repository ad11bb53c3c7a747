using System.Diagnostics;
using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Randomness;
using FreeTickets.Core.Results;
using FreeTickets.Core.Robustness;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Running;

/// <summary>
/// Runs the cells of a matrix: skips finished ones (same config hash), trains the rest one by one, writes each cell's
/// record atomically, then derives the CSV tables from all records.
/// </summary>
public sealed class MatrixRunner(PluginCatalog catalog, Provenance provenance, IRunObserver observer)
{
    private readonly LoadedDatasets _data = new(observer);
    private readonly Dictionary<(string, string), ModelCost> _costs = [];

    /// <summary>Runs the matrix. Bad input (plugins, data, output folder) throws <see cref="BadInputException"/> before any record changes.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="options">Output folder, device, shard, checkpoints.</param>
    /// <param name="cancellationToken">Stops now (within a training step); the last checkpoint is kept.</param>
    /// <param name="stopAfterEpoch">Stops at the end of the current epoch after writing a checkpoint
    /// (<see cref="RunInterruptedException"/>).</param>
    public RunSummary Run(MatrixDefinition matrix, RunOptions options, CancellationToken cancellationToken, CancellationToken stopAfterEpoch = default)
    {
        var device = TorchRuntime.SelectDevice(options.Device);
        var (cells, preflight, store) = Prepare(matrix, options);
        var todo = cells.Where(c => !IsFinished(c, store, options)).ToList();
        int diverged = 0, failed = 0;
        try
        {
            // Every check of the input (plugins above, data here, then the output folder) runs before the first write, so
            // bad input leaves an existing results folder exactly as it was.
            _data.LoadFor(todo.Where(preflight.CanRun).Select(c => preflight[c]), device, options);
            Begin(matrix, cells, todo, options);
            for (var i = 0; i < todo.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stopAfterEpoch.IsCancellationRequested)
                {
                    throw new RunInterruptedException($"interrupted before cell {todo[i].Id}; run the same command again to resume");
                }

                observer.OnCellStart(todo[i], i, todo.Count);
                var row = TrainAndStore(todo[i], preflight, store, matrix, device, options, cancellationToken, stopAfterEpoch);
                diverged += row.Status == CellStatus.Diverged ? 1 : 0;
                failed += row.Status == CellStatus.Failed ? 1 : 0;
                observer.OnCellEnd(todo[i], row);
            }
        }
        finally
        {
            _data.Release();
        }

        Complete(matrix, options);
        return new RunSummary(cells.Count, cells.Count - todo.Count, todo.Count, diverged, failed, options.OutputDir);
    }

    /// <summary>
    /// What <see cref="Run"/> would do with these options, without loading data, training or writing anything: the cells
    /// of the shard, each to train, already finished (its record is in the output folder and --force is off) or failing
    /// on a plugin that did not load. Bad input throws <see cref="BadInputException"/> exactly as <see cref="Run"/> does.
    /// </summary>
    public RunPlan Plan(MatrixDefinition matrix, RunOptions options)
    {
        var (cells, preflight, store) = Prepare(matrix, options);
        var planned = cells.Select(cell =>
            IsFinished(cell, store, options) ? new PlannedCell(cell, PlannedAction.AlreadyFinished, null)
            : preflight.Failures.TryGetValue(cell.Id, out var why) ? new PlannedCell(cell, PlannedAction.Fails, why)
            : new PlannedCell(cell, PlannedAction.Train, null)).ToList();
        return new RunPlan(planned, options.OutputDir);
    }

    /// <summary>
    /// A worker's side of a run split over processes (<c>run --jobs</c>): loads the data of every cell the shard still
    /// has to train (so bad data fails every worker before any of them writes), then trains and stores the cells
    /// <paramref name="next"/> hands out, one at a time, until it returns null. Each cell is trained exactly as
    /// <see cref="Run"/> trains it (same record, bit for bit at the same thread count); tables are left to the coordinator
    /// (<see cref="Begin"/>, <see cref="Complete"/>).
    /// </summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="options">The coordinator's options (output folder, device, shard, force, checkpoints).</param>
    /// <param name="next">The id of the next cell to train, or null when there is none; blocks until it knows.</param>
    /// <param name="cancellationToken">Stops now (within a training step); the last checkpoint is kept.</param>
    /// <param name="stopAfterEpoch">Stops at the end of the current epoch after writing a checkpoint.</param>
    /// <returns>How many cells this worker trained.</returns>
    public int Serve(MatrixDefinition matrix, RunOptions options, Func<string?> next, CancellationToken cancellationToken, CancellationToken stopAfterEpoch = default)
    {
        var device = TorchRuntime.SelectDevice(options.Device);
        var (cells, preflight, store) = Prepare(matrix, options);
        var byId = cells.ToDictionary(c => c.Id);
        var trained = 0;
        try
        {
            _data.LoadFor(cells.Where(c => !IsFinished(c, store, options) && preflight.CanRun(c)).Select(c => preflight[c]), device, options);
            ResultsFolder.EnsureWritable(options.OutputDir);
            while (next() is { } id)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stopAfterEpoch.IsCancellationRequested)
                {
                    throw new RunInterruptedException($"interrupted before cell {id}; run the same command again to resume");
                }

                var cell = byId.TryGetValue(id, out var found) ? found
                    : throw new InvalidOperationException($"cell '{id}' is not a cell of matrix {matrix.Name} (shard {options.ShardIndex}/{options.ShardCount})");
                observer.OnCellStart(cell, trained, cells.Count);
                var row = TrainAndStore(cell, preflight, store, matrix, device, options, cancellationToken, stopAfterEpoch);
                observer.OnCellEnd(cell, row);
                trained++;
            }
        }
        finally
        {
            _data.Release();
        }

        return trained;
    }

    /// <summary>
    /// The start of a run whose cells train elsewhere (<see cref="Serve"/>): checks the output folder can be written,
    /// announces the matrix with the cells to train in their order, and drops the stale checkpoints of finished cells.
    /// </summary>
    public void Begin(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun, RunOptions options)
    {
        ResultsFolder.EnsureWritable(options.OutputDir);
        observer.OnMatrixStart(matrix, cells, toRun);
        foreach (var skipped in cells.Except(toRun))
        {
            observer.OnCellSkipped(skipped);
            CheckpointsOf(skipped, options, default, CPU).Delete();
        }
    }

    /// <summary>
    /// The end of a run: removes what killed writers left (temporary files) and the emptied checkpoint folder, then
    /// derives the tables from every current record.
    /// </summary>
    public void Complete(MatrixDefinition matrix, RunOptions options)
    {
        var checkpointDir = Path.Combine(options.OutputDir, "checkpoints");
        AtomicFile.DeleteAbandoned(checkpointDir);
        AtomicFile.DeleteAbandoned(new CellStore(options.OutputDir).Folder);
        if (Directory.Exists(checkpointDir) && !Directory.EnumerateFileSystemEntries(checkpointDir).Any())
        {
            Directory.Delete(checkpointDir);
        }

        var store = new CellStore(options.OutputDir);
        var ids = matrix.Cells().ToDictionary(c => c.Id, c => c.ConfigHash);
        var records = store.All().Where(r => ids.TryGetValue(r.Run.CellId, out var h) && h == r.Run.ConfigHash).ToList();
        ResultTables.WriteAll(options.OutputDir, records);
    }

    // A cell is skipped when its record is there for this configuration, and its models too when they are to be saved.
    private static bool IsFinished(CellSpec cell, CellStore store, RunOptions options) =>
        !options.Force && store.TryGet(cell.Id, cell.ConfigHash) is not null
        && (!options.SavesModels(cell) || new ModelExport(options.OutputDir).IsComplete(cell));

    private (IReadOnlyList<CellSpec> Cells, RunPreflight Preflight, CellStore Store) Prepare(MatrixDefinition matrix, RunOptions options)
    {
        RunPreflight.CheckCellIds(matrix);
        var cells = Shards.Select(matrix.Cells(), options.ShardIndex, options.ShardCount);
        return (cells, RunPreflight.Check(catalog, matrix, cells, CostOf), new CellStore(options.OutputDir));
    }

    private RunRow TrainAndStore(
        CellSpec cell, RunPreflight preflight, CellStore store, MatrixDefinition matrix, Device device, RunOptions options,
        CancellationToken cancellationToken, CancellationToken stopAfterEpoch)
    {
        var checkpoints = CheckpointsOf(cell, options, stopAfterEpoch, device);
        if (options.Force)
        {
            checkpoints.Delete();
        }

        // Members are saved as they are evaluated; a cell that starts over (no checkpoint) starts with no saved member.
        var export = options.SavesModels(cell) ? new ModelExport(options.OutputDir) : null;
        if (!checkpoints.Exists)
        {
            export?.Clear(cell.Id);
        }

        var record = preflight.Failures.TryGetValue(cell.Id, out var why)
            ? FailedRecord(cell, CellStatus.Failed, why, 0)
            : RunCell(cell, preflight[cell], matrix, device, options, checkpoints, export, cancellationToken);
        store.Put(record);
        if (export is not null && record.Run.Status == CellStatus.Ok)
        {
            export.WriteManifest(cell, record, preflight[cell].Dataset.Spec);
        }
        else
        {
            export?.Clear(cell.Id);
        }

        checkpoints.Delete();
        return record.Run;
    }

    private CheckpointSession CheckpointsOf(CellSpec cell, RunOptions options, CancellationToken stopAfterEpoch, Device device) =>
        new(Path.Combine(options.OutputDir, "checkpoints", cell.Id + ".ckpt"), cell, options.CheckpointEvery, stopAfterEpoch,
            observer.OnMessage, device.type.ToString().ToLowerInvariant(), get_num_threads());

    private CellRecord RunCell(
        CellSpec cell, CellPlugins plugins, MatrixDefinition matrix, Device device, RunOptions options, CheckpointSession checkpoints,
        ModelExport? export, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (architecture, dataset, prune, regrow) = (plugins.Architecture, plugins.Dataset, plugins.Prune, plugins.Regrow);
        var (train, test) = (_data.Get(dataset, DatasetSplitKind.Train, device, options), _data.Get(dataset, DatasetSplitKind.Test, device, options));
        using var data = TrainingData.Split(train.Inputs, train.Labels, test.Inputs, test.Labels, dataset.Spec.NumClasses,
            cell.Settings.Training.ValidationFraction, StableSeed.Derive("validation-split", cell.Dataset, cell.Settings.Training.ValidationFraction),
            tail: cell.Settings.Training.ValidationSplit == ValidationSplits.Tail);
        var cost = CostOf(architecture, dataset);
        var robustness = _data.RobustnessSets(cell, plugins, data, device, options);
        var context = new MethodContext(cell, architecture, dataset, data, prune!, regrow!, device, observer)
        {
            Checkpoints = checkpoints,
            Robustness = robustness,
            Export = export,
        };
        try
        {
            using var outcome = MethodRegistry.Get(cell.Method).Run(context, cancellationToken);
            return CellResults.Build(cell, matrix, outcome, data, cost, regrow, provenance, checkpoints.PriorSeconds + TrainingLoop.Since(started), robustness);
        }
        catch (DivergedException ex)
        {
            return FailedRecord(cell, CellStatus.Diverged, ex.Message, checkpoints.PriorSeconds + TrainingLoop.Since(started));
        }
    }

    private ModelCost CostOf(IArchitecture architecture, IDataset dataset)
    {
        if (!_costs.TryGetValue((architecture.Name, dataset.Name), out var cost))
        {
            cost = ModelCosts.Measure(architecture, dataset.Spec);
            _costs[(architecture.Name, dataset.Name)] = cost;
        }

        return cost;
    }

    private CellRecord FailedRecord(CellSpec cell, CellStatus status, string detail, double seconds) =>
        new(CellResults.BaseRow(cell, provenance) with { Status = status, StatusDetail = detail, WallSeconds = seconds }, [], []);
}
