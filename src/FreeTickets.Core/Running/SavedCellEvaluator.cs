using FreeTickets.Abstractions;
using FreeTickets.Core.Metrics;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Robustness;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Running;

/// <summary>What to evaluate a saved cell on (<c>evaluate</c>).</summary>
/// <param name="Dataset">Test set: a dataset plugin with the cell's input shape and classes; null: the cell's own.</param>
/// <param name="Ood">OoD datasets (max-softmax AUROC against the test set).</param>
/// <param name="Corruptions">Generated corruptions of the test set.</param>
/// <param name="Severities">Severities of every corruption.</param>
/// <param name="DataRoot">The data root.</param>
public sealed record SavedCellRequest(string? Dataset, IReadOnlyList<string> Ood, IReadOnlyList<string> Corruptions, IReadOnlyList<int> Severities, string DataRoot);

/// <summary>A saved cell's metrics, computed as <c>run</c> computes them.</summary>
/// <param name="Manifest">The cell's model.json.</param>
/// <param name="Dataset">The test set used.</param>
/// <param name="Members">Each member on it.</param>
/// <param name="Ensemble">The ensemble (mean of the members' softmax) on it.</param>
/// <param name="Diversity">Disagreement and KL between members (NaN for one member).</param>
/// <param name="Robustness">The ensemble on each OoD set (AUROC) and corruption (accuracy, NLL, ECE).</param>
public sealed record SavedCellReport(
    ModelManifest Manifest, string Dataset, IReadOnlyList<ClassificationMetrics> Members, ClassificationMetrics Ensemble,
    EnsembleMetrics Diversity, IReadOnlyList<RobustnessRow> Robustness)
{
    /// <summary>Whether the test set is the one the cell was trained for (then its metrics must equal model.json's).</summary>
    public bool OwnTestSet => Dataset == Manifest.Dataset;
}

/// <summary>
/// Loads a saved cell (<see cref="ModelExport"/>: model.json and one safetensors file per member) and evaluates it without
/// training: the architecture plugin builds each member, its weights are loaded (the masked ones are zero already), and
/// the test set, OoD sets and corruptions are predicted with the batch size of the run. On the cell's own test set, on
/// the same device and threads, the metrics equal the recorded ones. Bad input (missing files, weights that do not fit
/// the architecture, an unknown plugin, a dataset of another shape) is <see cref="BadInputException"/>.
/// </summary>
public sealed class SavedCellEvaluator(PluginCatalog catalog, Action<string> log)
{
    /// <summary>Evaluates the cell saved in <paramref name="folder"/>.</summary>
    public SavedCellReport Evaluate(string folder, SavedCellRequest request)
    {
        var manifestPath = Path.Combine(folder, ModelExport.ManifestName);
        var manifest = ModelManifest.Read(manifestPath);
        var architecture = Resolve<IArchitecture>(PluginKind.Architecture, manifest.Architecture, manifestPath + ": architecture");
        var members = LoadMembers(folder, manifest, architecture);
        var loaded = new List<DatasetSplit>();
        try
        {
            var own = Resolve<IDataset>(PluginKind.Dataset, manifest.Dataset, manifestPath + ": dataset");
            var dataset = request.Dataset is { } name ? Resolve<IDataset>(PluginKind.Dataset, name, "--dataset") : own;
            CheckShape(dataset, manifest, request.Dataset is null ? manifestPath + ": dataset" : "--dataset");
            var ood = request.Ood.Select(o => Resolve<IDataset>(PluginKind.Dataset, o, "--ood")).ToList();
            var corruptions = request.Corruptions.Select(c => Robustness.Corruptions.All.FirstOrDefault(k => k.Name == c)
                ?? throw new BadInputException($"--corruptions: expected one of {string.Join(", ", Robustness.Corruptions.Names)} (got '{c}')")).ToList();
            if (request.Severities.Where(s => s is < Robustness.Corruptions.MinSeverity or > Robustness.Corruptions.MaxSeverity).Select(s => (int?)s).FirstOrDefault() is { } bad)
            {
                throw new BadInputException($"--severities: expected {Robustness.Corruptions.MinSeverity}..{Robustness.Corruptions.MaxSeverity} (got {bad})");
            }

            var normalization = manifest.Normalization is { } n ? new ChannelNormalization(n.Mean, n.Std) : null;
            if (corruptions.Count > 0 && normalization is null)
            {
                throw new BadInputException($"--corruptions: {manifestPath} gives no normalisation, which corruptions need");
            }

            var batch = manifest.Evaluation.BatchSize;
            var test = Load(dataset, DatasetSplitKind.Test, request.DataRoot, loaded);
            // Another dataset's test set is brought into the cell's normalisation, as an OoD set is.
            var testSet = dataset == own ? null : RobustnessSet.Ood(dataset.Name, test.Inputs, dataset.Spec.Normalization, normalization);
            var sets = ood.Select(o => RobustnessSet.Ood(o.Name, Load(o, DatasetSplitKind.Test, request.DataRoot, loaded).Inputs, o.Spec.Normalization, normalization)).ToList();
            foreach (var corruption in corruptions)
            {
                sets.AddRange(request.Severities.Select(s => RobustnessSet.Corrupted(corruption, s, test.Inputs, normalization!)));
            }

            var predictions = members.Select(m => (
                Test: testSet?.Predict(m, batch) ?? Evaluator.Predict(m, test.Inputs, batch),
                Sets: sets.Select(s => s.Predict(m, batch)).ToList())).ToList();
            return Report(manifest, dataset.Name, test.Labels, predictions, sets);
        }
        finally
        {
            members.ForEach(m => m.Dispose());
            loaded.ForEach(l => l.Dispose());
        }
    }

    private static SavedCellReport Report(
        ModelManifest manifest, string dataset, Tensor testLabels, List<(Tensor Test, List<Tensor> Sets)> predictions, List<RobustnessSet> sets)
    {
        var bins = manifest.Evaluation.EceBins;
        using var labels = testLabels.cpu();
        try
        {
            var members = predictions.Select(p => ClassificationMetricsCalculator.Compute(p.Test, labels, bins)).ToList();
            using var stacked = stack([.. predictions.Select(p => p.Test)]);
            using var ensembleProbabilities = stacked.mean([0]);
            var ensemble = ClassificationMetricsCalculator.Compute(ensembleProbabilities, labels, bins);
            var diversity = predictions.Count > 1 ? EnsembleMetricsCalculator.Compute([.. predictions.Select(p => p.Test)]) : new EnsembleMetrics(double.NaN, double.NaN);
            if (predictions.Count > 1 && manifest.Evaluation.Disagreement == DisagreementDefinitions.Released)
            {
                diversity = diversity with { Disagreement = DisagreementDefinitions.ReleasedCodeMean(PairwiseDisagreementCalculator.Compute([.. predictions.Select(p => p.Test)])) };
            }

            var rows = new List<RobustnessRow>();
            var inScores = OodAuroc.MaxSoftmaxScores(ensembleProbabilities);
            for (var k = 0; k < sets.Count; k++)
            {
                using var setStacked = stack([.. predictions.Select(p => p.Sets[k])]);
                using var probabilities = setStacked.mean([0]);
                var row = new RobustnessRow { CellId = manifest.CellId, Kind = sets[k].Kind, Name = sets[k].Name, Severity = sets[k].Severity };
                if (sets[k].Kind == RobustnessSet.OodKind)
                {
                    rows.Add(row with { Auroc = OodAuroc.Compute(inScores, OodAuroc.MaxSoftmaxScores(probabilities)) });
                }
                else
                {
                    var metrics = ClassificationMetricsCalculator.Compute(probabilities, labels, bins);
                    rows.Add(row with { Accuracy = metrics.Accuracy, Nll = metrics.Nll, Ece = metrics.Ece });
                }
            }

            return new SavedCellReport(manifest, dataset, members, ensemble, diversity, rows);
        }
        finally
        {
            foreach (var (test, setPredictions) in predictions)
            {
                test.Dispose();
                setPredictions.ForEach(t => t.Dispose());
            }
        }
    }

    private static List<nn.Module<Tensor, Tensor>> LoadMembers(string folder, ModelManifest manifest, IArchitecture architecture)
    {
        var members = new List<nn.Module<Tensor, Tensor>>();
        foreach (var member in manifest.Members)
        {
            var path = Path.Combine(folder, member.File);
            if (member.File.Length == 0 || Path.GetFileName(member.File) != member.File || !File.Exists(path))
            {
                throw new BadInputException($"{Path.Combine(folder, ModelExport.ManifestName)}: member {member.Member}: file '{member.File}' is not in {folder}");
            }

            IReadOnlyList<(string Name, Tensor Tensor)> tensors;
            try
            {
                tensors = SafeTensors.Read(path).Tensors;
            }
            catch (InvalidDataException ex)
            {
                throw new BadInputException(ex.Message, ex);
            }

            nn.Module<Tensor, Tensor> model;
            try
            {
                model = architecture.Create(new ArchitectureSpec(manifest.InputShape, manifest.NumClasses));
            }
            catch (ArgumentException ex)
            {
                members.ForEach(m => m.Dispose());
                throw new BadInputException(
                    $"{Path.Combine(folder, ModelExport.ManifestName)}: architecture '{manifest.Architecture}' cannot take input_shape [{string.Join(", ", manifest.InputShape)}] ({ex.Message})", ex);
            }

            members.Add(model);
            var weights = tensors.Where(t => !t.Name.EndsWith(ModelExport.MaskSuffix, StringComparison.Ordinal)).ToDictionary(t => t.Name, t => t.Tensor);
            var expected = model.state_dict();
            var missing = expected.Keys.Except(weights.Keys).ToList();
            var extra = weights.Keys.Except(expected.Keys).ToList();
            var wrongShape = expected.Where(kv => weights.TryGetValue(kv.Key, out var w) && !w.shape.SequenceEqual(kv.Value.shape)).Select(kv => kv.Key).ToList();
            if (missing.Count + extra.Count + wrongShape.Count > 0)
            {
                members.ForEach(m => m.Dispose());
                throw new BadInputException(
                    $"{path}: does not match architecture '{manifest.Architecture}' of model.json"
                    + (missing.Count > 0 ? $"; missing {string.Join(", ", missing)}" : "")
                    + (extra.Count > 0 ? $"; unexpected {string.Join(", ", extra)}" : "")
                    + (wrongShape.Count > 0 ? $"; other shape: {string.Join(", ", wrongShape)}" : ""));
            }

            model.load_state_dict(weights);
            model.eval();
            foreach (var (_, tensor) in tensors)
            {
                tensor.Dispose();
            }
        }

        return members;
    }

    private T Resolve<T>(PluginKind kind, string name, string field)
        where T : class, IPlugin
    {
        try
        {
            return catalog.Resolve<T>(kind, name);
        }
        catch (PluginResolutionException ex)
        {
            throw new BadInputException($"{field}: {ex.Message}", ex);
        }
    }

    private static void CheckShape(IDataset dataset, ModelManifest manifest, string field)
    {
        if (!dataset.Spec.InputShape.SequenceEqual(manifest.InputShape) || dataset.Spec.NumClasses != manifest.NumClasses)
        {
            throw new BadInputException(
                $"{field}: dataset '{dataset.Name}' has inputs [{string.Join(", ", dataset.Spec.InputShape)}] and {dataset.Spec.NumClasses} classes; "
                + $"the saved models take [{string.Join(", ", manifest.InputShape)}] and {manifest.NumClasses}");
        }
    }

    private DatasetSplit Load(IDataset dataset, DatasetSplitKind split, string dataRoot, List<DatasetSplit> loaded)
    {
        try
        {
            log($"loading {dataset.Name} ({split.ToString().ToLowerInvariant()}) from {dataRoot}");
            var data = dataset.Load(split, new DatasetLoadOptions(dataRoot, CPU, 0, log));
            loaded.Add(data);
            return data;
        }
        catch (Exception ex) when (ex is DatasetException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new BadInputException($"dataset '{dataset.Name}': {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
