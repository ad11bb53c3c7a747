namespace FreeTickets.Core.Training;

/// <summary>One topology update as observers see it (TensorBoard's topology scalars).</summary>
/// <param name="Step">Training step of the update.</param>
/// <param name="DropFraction">Fraction of each layer's active weights dropped.</param>
/// <param name="Pruned">Weights pruned over all layers.</param>
/// <param name="Relocated">Grown positions that were inactive before the update: the weights that moved.</param>
public sealed record TopologyUpdate(long Step, double DropFraction, long Pruned, long Relocated);
