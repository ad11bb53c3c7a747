using System.Diagnostics;
using System.Runtime.InteropServices;
using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Plugins;
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
        CheckCellIds(matrix);
        var cells = Shards.Select(matrix.Cells(), options.ShardIndex, options.ShardCount);
        var unresolved = ValidatePlugins(matrix, cells);
        var store = new CellStore(options.OutputDir);
        var todo = cells.Where(c => options.Force || store.TryGet(c.Id, c.ConfigHash) is null).ToList();
        int diverged = 0, failed = 0;
        try
        {
            // Every check of the input (plugins above, data here, then the output folder) runs before the first write, so
            // bad input leaves an existing results folder exactly as it was. The datasets stay loaded for the whole run
            // anyway, so loading them first costs no memory.
            // OoD datasets only need their test split (SVHN's training file alone is 182 MB).
            var runnable = todo.Where(c => !unresolved.ContainsKey(c.Id)).ToList();
            var needed = runnable.SelectMany(c => new[] { (c.Dataset, DatasetSplitKind.Train), (c.Dataset, DatasetSplitKind.Test) })
                .Concat(runnable.SelectMany(c => c.Settings.Evaluation.Ood.Select(o => (o, DatasetSplitKind.Test))));
            foreach (var (dataset, split) in needed.Distinct())
            {
                LoadSplit(catalog.Resolve<IDataset>(PluginKind.Dataset, dataset), split, device, options);
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

                var record = unresolved.TryGetValue(cell.Id, out var why)
                    ? FailedRecord(cell, Leaderboard.Failed, why, 0)
                    : RunCell(cell, matrix, device, options, checkpoints, cancellationToken);
                store.Put(record);
                checkpoints.Delete();
                diverged += record.Run.Status == Leaderboard.Diverged ? 1 : 0;
                failed += record.Run.Status == Leaderboard.Failed ? 1 : 0;
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
    /// Cell ids become file names (cells/&lt;id&gt;.json, checkpoints/&lt;id&gt;.ckpt): each must be one plain name, short
    /// enough for the file system. The loader's name rules make this hold for a config; a matrix built in code is checked
    /// here, before anything is written.
    /// </summary>
    private static void CheckCellIds(MatrixDefinition matrix)
    {
        if (matrix.Cells().FirstOrDefault(c => !ConfigNames.IsCellId(c.Id)) is { } bad)
        {
            var source = matrix.Source.Length > 0 ? matrix.Source + ": " : "";
            throw new BadInputException(
                $"{source}matrices.{ConfigNames.Escape(matrix.Name)}: cell id must be a plain file name of names matching {ConfigNames.Pattern}, "
                + $"at most {ConfigNames.MaxCellIdLength} characters (got {ConfigNames.Quote(bad.Id)})");
        }
    }

    /// <summary>
    /// Unknown plugin names are bad input when every plugin loaded (a typo); when some plugin failed to load, the cells that
    /// name an unknown plugin fail individually and the others run.
    /// </summary>
    private Dictionary<string, string> ValidatePlugins(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells)
    {
        var failures = new Dictionary<string, string>();
        foreach (var cell in cells)
        {
            var field = "architectures";
            try
            {
                var architecture = catalog.Resolve<IArchitecture>(PluginKind.Architecture, cell.Architecture);
                field = "datasets";
                var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, cell.Dataset);
                CheckCompatible(architecture, dataset);
                field = "evaluation.ood";
                CheckRobustness(matrix, cell, dataset);
                if (MethodNames.IsSparse(cell.Method))
                {
                    field = $"sparse.prune ({cell.Method})";
                    catalog.Resolve<IPruningCriterion>(PluginKind.Pruning, cell.Settings.Sparse.Prune);
                    field = $"sparse.regrow ({cell.Method})";
                    catalog.Resolve<IRegrowthRule>(PluginKind.Regrowth, cell.Settings.Sparse.Regrow);
                }
            }
            catch (PluginResolutionException ex) when (ex.CausedByLoadFailure)
            {
                failures[cell.Id] = ex.Message;
            }
            catch (PluginResolutionException ex)
            {
                var source = matrix.Source.Length > 0 ? matrix.Source + ": " : "";
                throw new BadInputException($"{source}matrices.{cell.Matrix}.{field}: {ex.Message}", ex);
            }
        }

        return failures;
    }

    /// <summary>
    /// The robustness sets of a cell must be usable before anything trains: each OoD dataset resolves and has the
    /// in-distribution dataset's input shape, and corruptions need the dataset's pixel normalisation.
    /// </summary>
    private void CheckRobustness(MatrixDefinition matrix, CellSpec cell, IDataset dataset)
    {
        var evaluation = cell.Settings.Evaluation;
        foreach (var name in evaluation.Ood)
        {
            var ood = catalog.Resolve<IDataset>(PluginKind.Dataset, name);
            if (!ood.Spec.InputShape.SequenceEqual(dataset.Spec.InputShape))
            {
                throw new BadInputException(
                    $"{(matrix.Source.Length > 0 ? matrix.Source + ": " : "")}matrices.{cell.Matrix}.evaluation.ood: OoD dataset '{name}' has inputs {string.Join('x', ood.Spec.InputShape)} "
                    + $"but in-distribution dataset '{dataset.Name}' has {string.Join('x', dataset.Spec.InputShape)} (expected the same shape)");
            }
        }

        if (evaluation.Corruptions.Count > 0 && dataset.Spec.Normalization is null)
        {
            throw new BadInputException(
                $"{(matrix.Source.Length > 0 ? matrix.Source + ": " : "")}matrices.{cell.Matrix}.evaluation.corruptions: dataset '{dataset.Name}' does not declare its pixel "
                + "normalisation (DatasetSpec.Normalization), which corruptions need");
        }
    }

    /// <summary>
    /// An architecture that cannot take a dataset's inputs (LeNet-5 on 8x8 images) is bad input found before any training:
    /// the model is built and costed once per pair here, which the FLOPs columns need anyway.
    /// </summary>
    private void CheckCompatible(IArchitecture architecture, IDataset dataset)
    {
        try
        {
            CostOf(architecture, dataset);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ExternalException)
        {
            throw new BadInputException(
                $"architecture '{architecture.Name}' cannot train on dataset '{dataset.Name}' (inputs {string.Join('x', dataset.Spec.InputShape)}, "
                + $"{dataset.Spec.NumClasses} classes): {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    private CheckpointSession CheckpointsOf(CellSpec cell, RunOptions options, CancellationToken stopAfterEpoch, Device device) =>
        new(Path.Combine(options.OutputDir, "checkpoints", cell.Id + ".ckpt"), cell, options.CheckpointEvery, stopAfterEpoch,
            observer.OnMessage, device.type.ToString().ToLowerInvariant(), get_num_threads());

    private CellRecord RunCell(CellSpec cell, MatrixDefinition matrix, Device device, RunOptions options, CheckpointSession checkpoints, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var architecture = catalog.Resolve<IArchitecture>(PluginKind.Architecture, cell.Architecture);
        var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, cell.Dataset);
        var sparse = MethodNames.IsSparse(cell.Method);
        var prune = sparse ? catalog.Resolve<IPruningCriterion>(PluginKind.Pruning, cell.Settings.Sparse.Prune) : null;
        var regrow = sparse ? catalog.Resolve<IRegrowthRule>(PluginKind.Regrowth, cell.Settings.Sparse.Regrow) : null;
        var (train, test) = (LoadSplit(dataset, DatasetSplitKind.Train, device, options), LoadSplit(dataset, DatasetSplitKind.Test, device, options));
        using var data = TrainingData.Split(train.Inputs, train.Labels, test.Inputs, test.Labels, dataset.Spec.NumClasses,
            cell.Settings.Training.ValidationFraction, StableSeed.Derive("validation-split", cell.Dataset, cell.Settings.Training.ValidationFraction),
            tail: cell.Settings.Training.ValidationSplit == ValidationSplits.Tail);
        var cost = CostOf(architecture, dataset);
        var robustness = RobustnessSets(cell, dataset, data, device, options);
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
            return FailedRecord(cell, Leaderboard.Diverged, ex.Message, checkpoints.PriorSeconds + TrainingLoop.Since(started));
        }
    }

    /// <summary>The cell's OoD test sets (config order), then each corruption x severity (config order); inputs stay shared.</summary>
    private List<RobustnessSet> RobustnessSets(CellSpec cell, IDataset dataset, TrainingData data, Device device, RunOptions options)
    {
        var evaluation = cell.Settings.Evaluation;
        var sets = new List<RobustnessSet>();
        foreach (var name in evaluation.Ood)
        {
            var ood = catalog.Resolve<IDataset>(PluginKind.Dataset, name);
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

    private CellRecord FailedRecord(CellSpec cell, string status, string detail, double seconds) =>
        new(CellResults.BaseRow(cell, provenance) with { Status = status, StatusDetail = detail, WallSeconds = seconds }, [], []);
}
