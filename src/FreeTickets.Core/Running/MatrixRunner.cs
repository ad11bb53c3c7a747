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
    private readonly Dictionary<(string Dataset, DatasetSplitKind Split), DatasetSplit> _splits = [];
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
        RunPreflight.CheckCellIds(matrix);
        var cells = Shards.Select(matrix.Cells(), options.ShardIndex, options.ShardCount);
        var preflight = RunPreflight.Check(catalog, matrix, cells, CostOf);
        var store = new CellStore(options.OutputDir);
        var todo = cells.Where(c => options.Force || store.TryGet(c.Id, c.ConfigHash) is null).ToList();
        int diverged = 0, failed = 0;
        try
        {
            // Every check of the input (plugins above, data here, then the output folder) runs before the first write, so
            // bad input leaves an existing results folder exactly as it was. The datasets stay loaded for the whole run
            // anyway, so loading them first costs no memory.
            // OoD datasets only need their test split (SVHN's training file alone is 182 MB).
            var runnable = todo.Where(preflight.CanRun).Select(c => preflight[c]).ToList();
            var needed = runnable.SelectMany(p => new[] { (p.Dataset, DatasetSplitKind.Train), (p.Dataset, DatasetSplitKind.Test) })
                .Concat(runnable.SelectMany(p => p.Ood.Select(o => (o, DatasetSplitKind.Test))));
            foreach (var (dataset, split) in needed.DistinctBy(n => (n.Item1.Name, n.Item2)))
            {
                LoadSplit(dataset, split, device, options);
            }

            ResultsFolder.EnsureWritable(options.OutputDir);
            observer.OnMatrixStart(matrix, cells, todo);
            foreach (var skipped in cells.Except(todo))
            {
                observer.OnCellSkipped(skipped);
                CheckpointsOf(skipped, options, stopAfterEpoch, device).Delete();
            }

            for (var i = 0; i < todo.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stopAfterEpoch.IsCancellationRequested)
                {
                    throw new RunInterruptedException($"interrupted before cell {todo[i].Id}; run the same command again to resume");
                }

                var cell = todo[i];
                observer.OnCellStart(cell, i, todo.Count);
                var checkpoints = CheckpointsOf(cell, options, stopAfterEpoch, device);
                if (options.Force)
                {
                    checkpoints.Delete();
                }

                var record = preflight.Failures.TryGetValue(cell.Id, out var why)
                    ? FailedRecord(cell, CellStatus.Failed, why, 0)
                    : RunCell(cell, preflight[cell], matrix, device, options, checkpoints, cancellationToken);
                store.Put(record);
                checkpoints.Delete();
                diverged += record.Run.Status == CellStatus.Diverged ? 1 : 0;
                failed += record.Run.Status == CellStatus.Failed ? 1 : 0;
                observer.OnCellEnd(cell, record.Run);
            }
        }
        finally
        {
            foreach (var split in _splits.Values)
            {
                split.Dispose();
            }

            _splits.Clear();
        }

        var checkpointDir = Path.Combine(options.OutputDir, "checkpoints");
        if (Directory.Exists(checkpointDir) && !Directory.EnumerateFileSystemEntries(checkpointDir).Any())
        {
            Directory.Delete(checkpointDir);
        }

        var ids = matrix.Cells().ToDictionary(c => c.Id, c => c.ConfigHash);
        var records = store.All().Where(r => ids.TryGetValue(r.Run.CellId, out var h) && h == r.Run.ConfigHash).ToList();
        ResultTables.WriteAll(options.OutputDir, records);
        return new RunSummary(cells.Count, cells.Count - todo.Count, todo.Count, diverged, failed, options.OutputDir);
    }

    /// <summary>
    /// What <see cref="Run"/> would do with these options, without loading data, training or writing anything: the cells
    /// of the shard, each to train, already finished (its record is in the output folder and --force is off) or failing
    /// on a plugin that did not load. Bad input throws <see cref="BadInputException"/> exactly as <see cref="Run"/> does.
    /// </summary>
    public RunPlan Plan(MatrixDefinition matrix, RunOptions options)
    {
        RunPreflight.CheckCellIds(matrix);
        var cells = Shards.Select(matrix.Cells(), options.ShardIndex, options.ShardCount);
        var preflight = RunPreflight.Check(catalog, matrix, cells, CostOf);
        var store = new CellStore(options.OutputDir);
        var planned = cells.Select(cell =>
            !options.Force && store.TryGet(cell.Id, cell.ConfigHash) is not null ? new PlannedCell(cell, PlannedAction.AlreadyFinished, null)
            : preflight.Failures.TryGetValue(cell.Id, out var why) ? new PlannedCell(cell, PlannedAction.Fails, why)
            : new PlannedCell(cell, PlannedAction.Train, null)).ToList();
        return new RunPlan(planned, options.OutputDir);
    }

    private CheckpointSession CheckpointsOf(CellSpec cell, RunOptions options, CancellationToken stopAfterEpoch, Device device) =>
        new(Path.Combine(options.OutputDir, "checkpoints", cell.Id + ".ckpt"), cell, options.CheckpointEvery, stopAfterEpoch,
            observer.OnMessage, device.type.ToString().ToLowerInvariant(), get_num_threads());

    private CellRecord RunCell(
        CellSpec cell, CellPlugins plugins, MatrixDefinition matrix, Device device, RunOptions options, CheckpointSession checkpoints, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (architecture, dataset, prune, regrow) = (plugins.Architecture, plugins.Dataset, plugins.Prune, plugins.Regrow);
        var (train, test) = (LoadSplit(dataset, DatasetSplitKind.Train, device, options), LoadSplit(dataset, DatasetSplitKind.Test, device, options));
        using var data = TrainingData.Split(train.Inputs, train.Labels, test.Inputs, test.Labels, dataset.Spec.NumClasses,
            cell.Settings.Training.ValidationFraction, StableSeed.Derive("validation-split", cell.Dataset, cell.Settings.Training.ValidationFraction),
            tail: cell.Settings.Training.ValidationSplit == ValidationSplits.Tail);
        var cost = CostOf(architecture, dataset);
        var robustness = RobustnessSets(cell, plugins, data, device, options);
        var context = new MethodContext(cell, architecture, dataset, data, prune!, regrow!, device, observer)
        {
            Checkpoints = checkpoints,
            Robustness = robustness,
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

    /// <summary>The cell's OoD test sets (config order), then each corruption x severity (config order); inputs stay shared.</summary>
    private List<RobustnessSet> RobustnessSets(CellSpec cell, CellPlugins plugins, TrainingData data, Device device, RunOptions options)
    {
        var evaluation = cell.Settings.Evaluation;
        var dataset = plugins.Dataset;
        var sets = new List<RobustnessSet>();
        foreach (var (name, ood) in evaluation.Ood.Zip(plugins.Ood))
        {
            sets.Add(RobustnessSet.Ood(name, LoadSplit(ood, DatasetSplitKind.Test, device, options).Inputs, ood.Spec.Normalization, dataset.Spec.Normalization));
        }

        foreach (var corruption in evaluation.Corruptions.Select(Corruptions.Get))
        {
            sets.AddRange(evaluation.Severities.Select(severity =>
                RobustnessSet.Corrupted(corruption, severity, data.TestInputs, dataset.Spec.Normalization!)));
        }

        return sets;
    }

    private DatasetSplit LoadSplit(IDataset dataset, DatasetSplitKind split, Device device, RunOptions options)
    {
        if (_splits.TryGetValue((dataset.Name, split), out var loaded))
        {
            return loaded;
        }

        var load = new DatasetLoadOptions(options.ResolveDataRoot(), device, 0, observer.OnMessage);
        try
        {
            observer.OnMessage($"loading {dataset.Name} ({split.ToString().ToLowerInvariant()}) from {load.DataRoot}");
            return _splits[(dataset.Name, split)] = dataset.Load(split, load);
        }
        catch (Exception ex) when (ex is DatasetException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Reading data files is input: a plugin that lets a raw I/O error through still gets a one-line error.
            throw new BadInputException($"dataset '{dataset.Name}': {ex.Message.ReplaceLineEndings(" ")}", ex);
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
