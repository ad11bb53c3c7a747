using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Running;

/// <summary>FLOPs and parameter counts of a matrix's (dataset, architecture, method, sparsity) rows, without training.</summary>
public static class FlopsTable
{
    /// <summary>One row of the table.</summary>
    public sealed record Row(
        string Dataset, string Architecture, string Method, double Sparsity, int Members, int Epochs,
        double DenseForward, double SparseForward, double SparseOverDense, double TrainFlops, double TrainRelDense,
        double InferenceFlops, double InferenceRelDense, long Params);

    /// <summary>Computes the table. Training examples are the training split minus the validation hold-out.</summary>
    public static IReadOnlyList<Row> Compute(MatrixDefinition matrix, PluginCatalog catalog)
    {
        var rows = new List<Row>();
        foreach (var datasetName in matrix.Datasets)
        {
            var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, datasetName);
            foreach (var architectureName in matrix.Architectures)
            {
                var architecture = catalog.Resolve<IArchitecture>(PluginKind.Architecture, architectureName);
                var cost = ModelCosts.Measure(architecture, dataset.Spec);
                var fD = FlopsCalculator.DenseForwardFlops(cost);
                foreach (var method in matrix.Methods)
                {
                    var s = matrix.SettingsByMethod[method];
                    var examples = dataset.Spec.TrainSize - (long)Math.Round(dataset.Spec.TrainSize * s.Training.ValidationFraction);
                    var denseEpochs = matrix.SettingsByMethod.TryGetValue(MethodNames.Dense, out var d) ? d.Training.Epochs : s.Training.Epochs;
                    var denseTraining = FlopsCalculator.TrainingFlops(3 * fD, denseEpochs, examples);
                    foreach (var sparsity in MethodNames.IsSparse(method) ? matrix.Sparsities : [0.0])
                    {
                        var members = method == MethodNames.Dense ? 1 : s.Ensemble.Members;
                        double fS = fD, perExample = 3 * fD;
                        long active = cost.SparsifiableWeights;
                        var epochs = s.TrainingEpochs(method);
                        if (MethodNames.IsSparse(method))
                        {
                            var densities = DensitiesOf(cost, s.Sparse.Distribution, sparsity);
                            fS = FlopsCalculator.SparseForwardFlops(cost, densities);
                            active = FlopsCalculator.ActiveWeights(cost, densities);
                            var regrow = catalog.Resolve<IRegrowthRule>(PluginKind.Regrowth, s.Sparse.Regrow);
                            perExample = FlopsCalculator.SparseTrainingFlopsPerExample(regrow.Cost, fS, fD, s.Sparse.UpdateInterval);
                        }

                        var train = FlopsCalculator.TrainingFlops(perExample, epochs, examples);
                        rows.Add(new Row(datasetName, architectureName, method, sparsity, members, epochs, fD, fS, fS / fD,
                            train, train / denseTraining, members * fS, members * fS / fD, members * FlopsCalculator.Params(cost, active)));
                    }
                }
            }
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
