using FreeTickets.Abstractions;

namespace FreeTickets.Core.Running;

/// <summary>The plugins one cell trains and is evaluated with, resolved once before anything runs.</summary>
/// <param name="Architecture">The network.</param>
/// <param name="Dataset">The in-distribution dataset.</param>
/// <param name="Prune">Pruning criterion of a sparse method, else null.</param>
/// <param name="Regrow">Regrowth rule of a sparse method, else null.</param>
/// <param name="Ood">The OoD datasets, in the order of the cell's <c>evaluation.ood</c>.</param>
internal sealed record CellPlugins(IArchitecture Architecture, IDataset Dataset, IPruningCriterion? Prune, IRegrowthRule? Regrow, IReadOnlyList<IDataset> Ood);
