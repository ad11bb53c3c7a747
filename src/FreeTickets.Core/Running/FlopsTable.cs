using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Running;

/// <summary>FLOPs and parameter counts of a matrix's (dataset, architecture, method, sparsity, plugins) rows, without training.</summary>
public static class FlopsTable
{
    /// <summary>One row of the table (<see cref="Prune"/> and <see cref="Regrow"/> are empty for dense methods).</summary>
    public sealed record Row(
        string Dataset, string Architecture, string Method, double Sparsity, int Members, int Epochs,
        double DenseForward, double SparseForward, double SparseOverDense, double TrainFlops, double TrainRelDense,
        double InferenceFlops, double InferenceRelDense, long Params)
    {
        /// <summary>Pruning criterion of a sparse row.</summary>
        public string Prune { get; init; } = "";

        /// <summary>Regrowth rule of a sparse row (its cost model decides the training FLOPs).</summary>
        public string Regrow { get; init; } = "";
    }

    /// <summary>
    /// Computes the table: one row per distinct cell of the matrix up to the seed. Training examples are the training
    /// split minus the validation hold-out.
    /// </summary>
    public static IReadOnlyList<Row> Compute(MatrixDefinition matrix, PluginCatalog catalog)
    {
        var rows = new List<Row>();
        var costs = new Dictionary<(string, string), (IDataset Dataset, ModelCost Cost)>();
        foreach (var cell in matrix.Cells().Where(c => c.Seed == matrix.Seeds[0]))
        {
            if (!costs.TryGetValue((cell.Dataset, cell.Architecture), out var found))
            {
                var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, cell.Dataset);
                var architecture = catalog.Resolve<IArchitecture>(PluginKind.Architecture, cell.Architecture);
                found = costs[(cell.Dataset, cell.Architecture)] = (dataset, ModelCosts.Measure(architecture, dataset.Spec));
            }

            foreach (var ood in cell.Settings.Evaluation.Ood)
            {
                _ = catalog.Resolve<IDataset>(PluginKind.Dataset, ood);
            }

            var (spec, cost) = (found.Dataset.Spec, found.Cost);
            var (method, sparsity, s) = (cell.Method, cell.Sparsity, cell.Settings);
            var fD = FlopsCalculator.DenseForwardFlops(cost);
            var examples = spec.TrainSize - (long)Math.Round(spec.TrainSize * s.Training.ValidationFraction);
            var denseEpochs = matrix.SettingsByMethod.TryGetValue(MethodNames.Dense, out var d) ? d.Training.Epochs : s.Training.Epochs;
            var denseTraining = FlopsCalculator.TrainingFlops(3 * fD, denseEpochs, examples);
            var members = method == MethodNames.Dense ? 1 : s.Ensemble.Members;
            double fS = fD, perExample = 3 * fD;
            long active = cost.SparsifiableWeights;
            var sparse = MethodNames.IsSparse(method);
            if (sparse)
            {
                var densities = DensitiesOf(cost, s.Sparse.Distribution, sparsity);
                fS = FlopsCalculator.SparseForwardFlops(cost, densities);
                active = FlopsCalculator.ActiveWeights(cost, densities);
                // The pruning criterion costs nothing extra, but a name that resolves nowhere is a broken config here too.
                _ = catalog.Resolve<IPruningCriterion>(PluginKind.Pruning, s.Sparse.Prune);
                var regrow = catalog.Resolve<IRegrowthRule>(PluginKind.Regrowth, s.Sparse.Regrow);
                perExample = FlopsCalculator.SparseTrainingFlopsPerExample(regrow.Cost, fS, fD, s.Sparse.UpdateInterval);
            }

            var train = FlopsCalculator.TrainingFlops(perExample, cell.TrainingEpochs, examples);
            rows.Add(new Row(cell.Dataset, cell.Architecture, method, sparsity, members, cell.TrainingEpochs, fD, fS, fS / fD,
                train, train / denseTraining, members * fS, members * fS / fD, members * FlopsCalculator.Params(cost, active))
            {
                Prune = sparse ? s.Sparse.Prune : "",
                Regrow = sparse ? s.Sparse.Regrow : "",
            });
        }

        return rows;
    }

    /// <summary>Per-layer densities the distribution gives for a model's sparsifiable layers.</summary>
    public static IReadOnlyDictionary<string, double> DensitiesOf(ModelCost cost, string distribution, double sparsity)
    {
        var densities = DensityDistributions.Get(distribution).Densities([.. cost.SparsifiableLayers.Select(l => l.Shape)], sparsity);
        return cost.SparsifiableLayers.Select((l, i) => (l.Name, densities[i])).ToDictionary(x => x.Name, x => x.Item2);
    }
}
