using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Metrics;
using FreeTickets.Core.Results;
using FreeTickets.Core.Robustness;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Running;

/// <summary>Turns a method's outcome into result rows: metrics on the full test set, FLOPs and parameter counts.</summary>
public static class CellResults
{
    /// <summary>The identifying and provenance columns of a cell's run row.</summary>
    public static RunRow BaseRow(CellSpec cell, Provenance provenance) => new()
    {
        Matrix = cell.Matrix,
        CellId = cell.Id,
        Method = cell.Method,
        Architecture = cell.Architecture,
        Dataset = cell.Dataset,
        Sparsity = cell.Sparsity,
        Prune = MethodNames.IsSparse(cell.Method) ? cell.Settings.Sparse.Prune : "",
        Regrow = MethodNames.IsSparse(cell.Method) ? cell.Settings.Sparse.Regrow : "",
        Execution = ExecutionColumn.Of(cell),
        Seed = cell.Seed,
        Members = cell.Method is MethodNames.Dense ? 1 : cell.Settings.Ensemble.Members,
        ConfigHash = cell.ConfigHash,
        ToolVersion = provenance.ToolVersion,
        TorchSharpVersion = provenance.TorchSharpVersion,
        LibTorchVersion = provenance.LibTorchVersion,
        Device = provenance.Device,
        Threads = provenance.Threads,
    };

    /// <summary>Builds the cell record.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="matrix">Its matrix (for the dense FLOPs reference).</param>
    /// <param name="outcome">What the method produced.</param>
    /// <param name="data">The cell's data (test labels).</param>
    /// <param name="cost">Per-layer costs of the architecture.</param>
    /// <param name="regrow">The regrowth rule (its FLOPs cost), null for dense methods.</param>
    /// <param name="provenance">Versions, device and threads.</param>
    /// <param name="wallSeconds">Wall time of the cell.</param>
    /// <param name="robustness">The sets each member's <see cref="MemberOutcome.RobustnessProbabilities"/> are aligned with.</param>
    public static CellRecord Build(
        CellSpec cell, MatrixDefinition matrix, MethodOutcome outcome, TrainingData data, ModelCost cost, IRegrowthRule? regrow,
        Provenance provenance, double wallSeconds, IReadOnlyList<RobustnessSet>? robustness = null)
    {
        var bins = cell.Settings.Evaluation.EceBins;
        using var labels = data.TestLabels.cpu();
        var memberMetrics = outcome.Members.Select(m => ClassificationMetricsCalculator.Compute(m.TestProbabilities, labels, bins)).ToList();
        using var stacked = stack([.. outcome.Members.Select(m => m.TestProbabilities)]);
        using var ensembleProbabilities = stacked.mean([0]);
        var ensemble = ClassificationMetricsCalculator.Compute(ensembleProbabilities, labels, bins);
        var pairwise = PairwiseDisagreementCalculator.Compute([.. outcome.Members.Select(m => m.TestProbabilities)]);
        var diversity = outcome.Members.Count > 1
            ? EnsembleMetricsCalculator.Compute([.. outcome.Members.Select(m => m.TestProbabilities)])
            : new EnsembleMetrics(double.NaN, double.NaN);
        if (outcome.Members.Count > 1 && cell.Settings.Evaluation.Disagreement == DisagreementDefinitions.Released)
        {
            diversity = diversity with { Disagreement = DisagreementDefinitions.ReleasedCodeMean(pairwise) };
        }

        var denseForward = FlopsCalculator.DenseForwardFlops(cost);
        var memberForward = outcome.Members.Select(m => FlopsCalculator.SparseForwardFlops(cost, m.Densities)).ToList();
        var trainExamples = data.TrainCount;
        double trainFlops;
        if (!MethodNames.IsSparse(cell.Method))
        {
            trainFlops = FlopsCalculator.TrainingFlops(FlopsCalculator.DenseTrainingFlopsPerExample(denseForward), outcome.TrainingEpochs, trainExamples);
        }
        else
        {
            // Per-layer counts never change during a run (updates keep them), so a member's f_S holds throughout its run.
            // Members differ only when their masks were drawn as Bernoulli trials; then the cost is their mean.
            var sparseForward = memberForward.Distinct().Count() == 1 ? memberForward[0] : memberForward.Average();
            var perExample = FlopsCalculator.SparseTrainingFlopsPerExample(
                regrow?.Cost ?? RegrowthCost.DenseGradientAtUpdates, sparseForward, denseForward, cell.Settings.Sparse.UpdateInterval);
            trainFlops = FlopsCalculator.TrainingFlops(perExample, outcome.TrainingEpochs, trainExamples);
        }

        var denseEpochs = matrix.SettingsByMethod.TryGetValue(MethodNames.Dense, out var dense) ? dense.Training.Epochs : cell.Settings.Training.Epochs;
        var denseTraining = FlopsCalculator.TrainingFlops(FlopsCalculator.DenseTrainingFlopsPerExample(denseForward), denseEpochs, trainExamples);
        var inference = FlopsCalculator.EnsembleInferenceFlops(memberForward);

        var run = BaseRow(cell, provenance) with
        {
            Status = CellStatus.Ok,
            Members = outcome.Members.Count,
            TrainingEpochs = outcome.TrainingEpochs,
            Accuracy = ensemble.Accuracy,
            Nll = ensemble.Nll,
            Ece = ensemble.Ece,
            Brier = ensemble.Brier,
            Disagreement = diversity.Disagreement,
            PairwiseKl = diversity.PairwiseKl,
            MemberAccuracyMean = memberMetrics.Average(m => m.Accuracy),
            TrainFlops = trainFlops,
            TrainFlopsRelDense = trainFlops / denseTraining,
            InferenceFlops = inference,
            InferenceFlopsRelDense = inference / denseForward,
            Params = outcome.Members.Sum(m => FlopsCalculator.Params(cost, m.ActiveWeights)),
            Density = outcome.Members.Average(m => (double)m.ActiveWeights / m.SparsifiableWeights),
            WallSeconds = wallSeconds,
            PeakRssMb = Math.Round(System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            TrainSeconds = outcome.TrainingSeconds,
            InferMsB128 = EnsembleMilliseconds(outcome.Members, t => t.Batch128Seconds),
            InferMsB1 = EnsembleMilliseconds(outcome.Members, t => t.Batch1Seconds),
        };

        var members = outcome.Members.Select((m, i) => new MemberRow
        {
            Matrix = cell.Matrix,
            CellId = cell.Id,
            Method = cell.Method,
            Architecture = cell.Architecture,
            Dataset = cell.Dataset,
            Sparsity = cell.Sparsity,
            Seed = cell.Seed,
            Member = m.Index,
            MemberSeed = m.Seed,
            SelectedEpoch = m.SelectedEpoch,
            Accuracy = memberMetrics[i].Accuracy,
            Nll = memberMetrics[i].Nll,
            Ece = memberMetrics[i].Ece,
            Brier = memberMetrics[i].Brier,
            Density = (double)m.ActiveWeights / m.SparsifiableWeights,
            Params = FlopsCalculator.Params(cost, m.ActiveWeights),
            InferenceFlops = memberForward[i],
            TopologyUpdates = m.TopologyUpdates,
            ConfigHash = run.ConfigHash,
            ToolVersion = run.ToolVersion,
            TorchSharpVersion = run.TorchSharpVersion,
            LibTorchVersion = run.LibTorchVersion,
            Device = run.Device,
            Threads = run.Threads,
        }).ToList();

        var curves = outcome.Curves.Select(c => new CurveRow
        {
            Matrix = cell.Matrix,
            CellId = cell.Id,
            Method = cell.Method,
            Sparsity = cell.Sparsity,
            Seed = cell.Seed,
            Run = c.Member,
            Epoch = c.Epoch,
            Phase = c.Phase,
            LearningRate = c.LearningRate,
            TrainLoss = c.TrainLoss,
            TrainAccuracy = c.TrainAccuracy,
            ValidationLoss = c.ValidationLoss,
            ValidationAccuracy = c.ValidationAccuracy,
            Density = c.Density,
            Step = c.Step,
            WallSeconds = c.WallSeconds,
            ConfigHash = run.ConfigHash,
        }).ToList();

        var robustnessRows = RobustnessRows(run, outcome, ensembleProbabilities, labels, robustness ?? [], bins);
        var firstOod = robustnessRows.FirstOrDefault(r => r.Kind == RobustnessSet.OodKind);
        var corrupted = robustnessRows.Where(r => r.Kind == RobustnessSet.CorruptionKind).ToList();
        run = run with
        {
            OodDataset = firstOod?.Name ?? "",
            OodAuroc = firstOod?.Auroc ?? double.NaN,
            CorruptionAccuracy = corrupted.Count > 0 ? corrupted.Average(r => r.Accuracy) : double.NaN,
            CorruptionNll = corrupted.Count > 0 ? corrupted.Average(r => r.Nll) : double.NaN,
            CorruptionEce = corrupted.Count > 0 ? corrupted.Average(r => r.Ece) : double.NaN,
        };

        var diagnostics = new CellDiagnostics(
            ensemble.ReliabilityBins,
            pairwise,
            [.. cost.SparsifiableLayers.Select(l => new LayerDensity(l.Name, l.Shape, l.Weights, outcome.Members[0].Densities[l.Name])
            {
                Execution = outcome.Members.Select(m => m.LayerExecution?.GetValueOrDefault(l.Name)).FirstOrDefault(e => e is not null),
            })]);
        return new CellRecord(run, members, curves) { Diagnostics = diagnostics, Robustness = robustnessRows };
    }

    /// <summary>
    /// Inference time of the whole ensemble in milliseconds: the sum over members of their measured time per batch
    /// (every member predicts every example); NaN when a member was not timed.
    /// </summary>
    public static double EnsembleMilliseconds(IReadOnlyList<MemberOutcome> members, Func<InferenceTiming, double> perBatch) =>
        members.Count > 0 && members.All(m => m.Inference is not null)
            ? members.Sum(m => perBatch(m.Inference!) * 1000)
            : double.NaN;

    /// <summary>
    /// The ensemble (mean of member softmax) on each robustness set: AUROC of the max softmax for an OoD set (the
    /// in-distribution test set positive), accuracy, NLL and ECE against the test labels for a corrupted set.
    /// </summary>
    private static List<RobustnessRow> RobustnessRows(
        RunRow run, MethodOutcome outcome, Tensor ensembleProbabilities, Tensor labels, IReadOnlyList<RobustnessSet> sets, int bins)
    {
        if (sets.Count > 0 && outcome.Members.Any(m => m.RobustnessProbabilities.Count != sets.Count))
        {
            throw new InvalidOperationException($"{run.CellId}: members were evaluated on a different number of robustness sets than configured ({sets.Count})");
        }

        var rows = new List<RobustnessRow>(sets.Count);
        double[]? inScores = null;
        for (var k = 0; k < sets.Count; k++)
        {
            using var stacked = stack([.. outcome.Members.Select(m => m.RobustnessProbabilities[k])]);
            using var probabilities = stacked.mean([0]);
            var row = new RobustnessRow
            {
                Matrix = run.Matrix,
                CellId = run.CellId,
                Method = run.Method,
                Architecture = run.Architecture,
                Dataset = run.Dataset,
                Sparsity = run.Sparsity,
                Seed = run.Seed,
                Kind = sets[k].Kind,
                Name = sets[k].Name,
                Severity = sets[k].Severity,
                ConfigHash = run.ConfigHash,
            };
            if (sets[k].Kind == RobustnessSet.OodKind)
            {
                inScores ??= OodAuroc.MaxSoftmaxScores(ensembleProbabilities);
                row = row with { Auroc = OodAuroc.Compute(inScores, OodAuroc.MaxSoftmaxScores(probabilities)) };
            }
            else
            {
                var metrics = ClassificationMetricsCalculator.Compute(probabilities, labels, bins);
                row = row with { Accuracy = metrics.Accuracy, Nll = metrics.Nll, Ece = metrics.Ece };
            }

            rows.Add(row);
        }

        return rows;
    }
}
