using System.Runtime.InteropServices;
using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Running;

/// <summary>
/// The checks a matrix run makes on its cells before anything is written, done once: cell ids, then per cell its
/// plugins (resolved here and nowhere else), whether the architecture takes the dataset, and whether its robustness sets
/// fit. Unknown plugin names are bad input when every plugin loaded (a typo); when some plugin failed to load, the cells
/// that name an unknown plugin fail individually and the others run.
/// </summary>
internal sealed class RunPreflight
{
    private readonly Dictionary<string, CellPlugins> _plugins = [];
    private readonly Dictionary<string, string> _failures = [];

    private RunPreflight()
    {
    }

    /// <summary>Why each cell whose plugins did not resolve fails (a plugin load error), by cell id.</summary>
    public IReadOnlyDictionary<string, string> Failures => _failures;

    /// <summary>The resolved plugins of a cell that did not fail.</summary>
    public CellPlugins this[CellSpec cell] => _plugins[cell.Id];

    /// <summary>Whether the cell's plugins resolved (it can train).</summary>
    public bool CanRun(CellSpec cell) => _plugins.ContainsKey(cell.Id);

    /// <summary>
    /// Cell ids become file names (cells/&lt;id&gt;.json, checkpoints/&lt;id&gt;.ckpt): each must be one plain name, short
    /// enough for the file system. The loader's name rules make this hold for a config; a matrix built in code is checked
    /// here, before anything is written.
    /// </summary>
    public static void CheckCellIds(MatrixDefinition matrix)
    {
        if (matrix.Cells().FirstOrDefault(c => !ConfigNames.IsCellId(c.Id)) is { } bad)
        {
            throw new BadInputException(
                $"{SourceOf(matrix)}matrices.{ConfigNames.Escape(matrix.Name)}: cell id must be a plain file name of names matching {ConfigNames.Pattern}, "
                + $"at most {ConfigNames.MaxCellIdLength} characters (got {ConfigNames.Quote(bad.Id)})");
        }
    }

    /// <summary>Resolves and checks every cell's plugins, in cell order.</summary>
    /// <param name="catalog">The plugins.</param>
    /// <param name="matrix">The matrix (its source and name for messages).</param>
    /// <param name="cells">The cells of this run (the shard's, finished ones included).</param>
    /// <param name="costOf">Builds and costs a model for a dataset (the FLOPs columns need it anyway); throws when the
    /// architecture cannot take the dataset's inputs.</param>
    public static RunPreflight Check(PluginCatalog catalog, MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, Func<IArchitecture, IDataset, ModelCost> costOf)
    {
        var preflight = new RunPreflight();
        foreach (var cell in cells)
        {
            var field = "architectures";
            try
            {
                var architecture = catalog.Resolve<IArchitecture>(PluginKind.Architecture, cell.Architecture);
                field = "datasets";
                var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, cell.Dataset);
                CheckCompatible(architecture, dataset, costOf);
                field = "evaluation.ood";
                var ood = RobustnessDatasets(catalog, matrix, cell, dataset);
                IPruningCriterion? prune = null;
                IRegrowthRule? regrow = null;
                if (MethodNames.IsSparse(cell.Method))
                {
                    field = $"sparse.prune ({cell.Method})";
                    prune = catalog.Resolve<IPruningCriterion>(PluginKind.Pruning, cell.Settings.Sparse.Prune);
                    field = $"sparse.regrow ({cell.Method})";
                    regrow = catalog.Resolve<IRegrowthRule>(PluginKind.Regrowth, cell.Settings.Sparse.Regrow);
                }

                preflight._plugins[cell.Id] = new CellPlugins(architecture, dataset, prune, regrow, ood);
            }
            catch (PluginResolutionException ex) when (ex.CausedByLoadFailure)
            {
                preflight._failures[cell.Id] = ex.Message;
            }
            catch (PluginResolutionException ex)
            {
                throw new BadInputException($"{SourceOf(matrix)}matrices.{cell.Matrix}.{field}: {ex.Message}", ex);
            }
        }

        return preflight;
    }

    /// <summary>"file: " before a field path, or nothing for a matrix built in code.</summary>
    private static string SourceOf(MatrixDefinition matrix) => matrix.Source.Length > 0 ? matrix.Source + ": " : "";

    /// <summary>
    /// The robustness sets of a cell must be usable before anything trains: each OoD dataset resolves and has the
    /// in-distribution dataset's input shape, and corruptions need the dataset's pixel normalisation.
    /// </summary>
    private static List<IDataset> RobustnessDatasets(PluginCatalog catalog, MatrixDefinition matrix, CellSpec cell, IDataset dataset)
    {
        var evaluation = cell.Settings.Evaluation;
        var sets = new List<IDataset>(evaluation.Ood.Count);
        foreach (var name in evaluation.Ood)
        {
            var ood = catalog.Resolve<IDataset>(PluginKind.Dataset, name);
            if (!ood.Spec.InputShape.SequenceEqual(dataset.Spec.InputShape))
            {
                throw new BadInputException(
                    $"{SourceOf(matrix)}matrices.{cell.Matrix}.evaluation.ood: OoD dataset '{name}' has inputs {string.Join('x', ood.Spec.InputShape)} "
                    + $"but in-distribution dataset '{dataset.Name}' has {string.Join('x', dataset.Spec.InputShape)} (expected the same shape)");
            }

            sets.Add(ood);
        }

        if (evaluation.Corruptions.Count > 0 && dataset.Spec.Normalization is null)
        {
            throw new BadInputException(
                $"{SourceOf(matrix)}matrices.{cell.Matrix}.evaluation.corruptions: dataset '{dataset.Name}' does not declare its pixel "
                + "normalisation (DatasetSpec.Normalization), which corruptions need");
        }

        return sets;
    }

    /// <summary>
    /// An architecture that cannot take a dataset's inputs (LeNet-5 on 8x8 images) is bad input found before any training:
    /// the model is built and costed once per pair here, which the FLOPs columns need anyway.
    /// </summary>
    private static void CheckCompatible(IArchitecture architecture, IDataset dataset, Func<IArchitecture, IDataset, ModelCost> costOf)
    {
        try
        {
            costOf(architecture, dataset);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ExternalException)
        {
            throw new BadInputException(
                $"architecture '{architecture.Name}' cannot train on dataset '{dataset.Name}' (inputs {string.Join('x', dataset.Spec.InputShape)}, "
                + $"{dataset.Spec.NumClasses} classes): {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
