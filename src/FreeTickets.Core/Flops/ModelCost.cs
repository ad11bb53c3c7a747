namespace FreeTickets.Core.Flops;

/// <summary>
/// What a model costs, split the way sparse training sees it. <paramref name="SparsifiableLayers"/> are the weights
/// whose cost scales with their density; <paramref name="DenseLayers"/> are Linear or convolution weights that stay
/// dense (their MACs count in full in both f_D and f_S); <paramref name="DenseParams"/> counts every parameter that is
/// not sparsified (biases, BatchNorm, and the weights of <paramref name="DenseLayers"/>).
/// </summary>
public sealed record ModelCost(IReadOnlyList<LayerCost> SparsifiableLayers, IReadOnlyList<LayerCost> DenseLayers, long DenseParams)
{
    /// <summary>Elements of all sparsifiable weights.</summary>
    public long SparsifiableWeights => SparsifiableLayers.Sum(l => l.Weights);

    /// <summary>Dense forward MACs per example of all counted layers.</summary>
    public long DenseMacsPerExample => SparsifiableLayers.Sum(l => l.MacsPerExample) + DenseLayers.Sum(l => l.MacsPerExample);

    /// <summary>All parameters of the dense model.</summary>
    public long TotalParams => SparsifiableWeights + DenseParams;
}
