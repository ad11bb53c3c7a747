using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Robustness;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Running;

/// <summary>
/// The datasets of a run, each split loaded once and kept for the whole run (cells of one dataset share them), with the
/// robustness sets built on them. A dataset that cannot be read is bad input naming it.
/// </summary>
internal sealed class LoadedDatasets(IRunObserver observer)
{
    private readonly Dictionary<(string Dataset, DatasetSplitKind Split), DatasetSplit> _splits = [];

    /// <summary>
    /// Loads every split the cells need, before any of them trains: the datasets stay loaded for the whole run anyway, so
    /// loading them first costs no memory, and bad data stops the run before it writes. OoD datasets only need their test
    /// split (SVHN's training file alone is 182 MB).
    /// </summary>
    public void LoadFor(IEnumerable<CellPlugins> cells, Device device, RunOptions options)
    {
        var runnable = cells.ToList();
        var needed = runnable.SelectMany(p => new[] { (p.Dataset, DatasetSplitKind.Train), (p.Dataset, DatasetSplitKind.Test) })
            .Concat(runnable.SelectMany(p => p.Ood.Select(o => (o, DatasetSplitKind.Test))));
        foreach (var (dataset, split) in needed.DistinctBy(n => (n.Item1.Name, n.Item2)))
        {
            Get(dataset, split, device, options);
        }
    }

    /// <summary>Frees every loaded split.</summary>
    public void Release()
    {
        foreach (var split in _splits.Values)
        {
            split.Dispose();
        }

        _splits.Clear();
    }

    /// <summary>The cell's OoD test sets (config order), then each corruption x severity (config order); inputs stay shared.</summary>
    public List<RobustnessSet> RobustnessSets(CellSpec cell, CellPlugins plugins, TrainingData data, Device device, RunOptions options)
    {
        var evaluation = cell.Settings.Evaluation;
        var dataset = plugins.Dataset;
        var sets = new List<RobustnessSet>();
        foreach (var (name, ood) in evaluation.Ood.Zip(plugins.Ood))
        {
            sets.Add(RobustnessSet.Ood(name, Get(ood, DatasetSplitKind.Test, device, options).Inputs, ood.Spec.Normalization, dataset.Spec.Normalization));
        }

        foreach (var corruption in evaluation.Corruptions.Select(Corruptions.Get))
        {
            sets.AddRange(evaluation.Severities.Select(severity =>
                RobustnessSet.Corrupted(corruption, severity, data.TestInputs, dataset.Spec.Normalization!)));
        }

        return sets;
    }

    /// <summary>A split, loaded on first use.</summary>
    public DatasetSplit Get(IDataset dataset, DatasetSplitKind split, Device device, RunOptions options)
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
}
