namespace FreeTickets.Core.Sparsity;

/// <summary>How an overall sparsity is spread over the sparsifiable layers of a network.</summary>
public interface IDensityDistribution
{
    /// <summary>Registry key (<c>erk</c>, <c>er</c>, <c>uniform</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Per-layer densities in [0, 1], one per shape and in the same order, such that the weighted mean density
    /// (weighted by the layers' weight counts) is 1 - <paramref name="sparsity"/>.
    /// </summary>
    IReadOnlyList<double> Densities(IReadOnlyList<long[]> shapes, double sparsity);
}
