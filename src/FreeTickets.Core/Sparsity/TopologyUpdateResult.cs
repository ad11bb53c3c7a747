namespace FreeTickets.Core.Sparsity;

/// <summary>What one topology update did, layer by layer.</summary>
/// <param name="Step">Optimizer step of the update.</param>
/// <param name="DropFraction">Drop fraction used.</param>
/// <param name="Layers">Per-layer counts, in the topology's layer order.</param>
public sealed record TopologyUpdateResult(long Step, double DropFraction, IReadOnlyList<LayerUpdateCounts> Layers)
{
    /// <summary>Weights pruned over all layers.</summary>
    public long TotalPruned => Layers.Sum(l => l.Pruned);

    /// <summary>Weights grown over all layers.</summary>
    public long TotalGrown => Layers.Sum(l => l.Grown);

    /// <summary>Grown positions that were inactive before the update, over all layers.</summary>
    public long TotalRelocated => Layers.Sum(l => l.Relocated);
}
