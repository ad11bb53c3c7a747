using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Running;

/// <summary>
/// The order in which a run split over worker processes hands out its cells: most expensive first, so that the long
/// cells start early and the short ones fill the gaps at the end (longest processing time first). The estimate is the
/// work the training loop actually does: a dense forward and backward (3x the dense forward FLOPs) per training example,
/// epoch and member, since a masked sparse step costs what a dense step costs (the FLOPs columns credit sparse methods
/// with their savings; the wall clock does not, see docs/performance.md). Test-time evaluation is left out.
/// </summary>
public static class ScheduleOrder
{
    /// <summary>The cells, most expensive first; equal estimates keep their matrix order (a stable sort).</summary>
    public static IReadOnlyList<CellSpec> MostExpensiveFirst(IEnumerable<CellSpec> cells, PluginCatalog catalog)
    {
        var perStep = new Dictionary<(string, string), double>();
        return [.. cells.Select((cell, index) => (cell, index, cost: Estimate(cell, catalog, perStep)))
            .OrderByDescending(c => c.cost).ThenBy(c => c.index).Select(c => c.cell)];
    }

    // Estimated training FLOPs as executed; 0 for a cell whose plugins do not resolve (it fails at once).
    private static double Estimate(CellSpec cell, PluginCatalog catalog, Dictionary<(string, string), double> perExample)
    {
        try
        {
            var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, cell.Dataset);
            if (!perExample.TryGetValue((cell.Architecture, cell.Dataset), out var flops))
            {
                var architecture = catalog.Resolve<IArchitecture>(PluginKind.Architecture, cell.Architecture);
                flops = perExample[(cell.Architecture, cell.Dataset)] = 3 * FlopsCalculator.DenseForwardFlops(ModelCosts.Measure(architecture, dataset.Spec));
            }

            return FlopsCalculator.TrainingFlops(flops, cell.TrainingEpochs, dataset.Spec.TrainSize);
        }
        catch (PluginResolutionException)
        {
            return 0;
        }
    }
}
